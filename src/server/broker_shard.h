#pragma once
// The per-shard part of the broker; only the shard's own thread touches it.

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <unordered_map>

#include "metadata/catalog.h"
#include "server/broker.h"
#include "server/partition.h"
#include "server/request_budget.h"

namespace whippet::server {

struct broker::shard_state {
  explicit shard_state(uint64_t concurrent_logins) : login_slots(concurrent_logins) {}
  std::unordered_map<partition_key, std::shared_ptr<partition>, partition_key_hash> partitions;
  std::unordered_map<uint64_t, uint32_t> balanced;  // (stream << 32 | topic) -> next
  std::unique_ptr<boost::asio::steady_timer> maintenance_timer;
  request_budget login_slots;  // units: logins being verified
  // Hops that left this shard for another (a request served where its
  // connection lives makes none). Written by this shard only.
  std::atomic<uint64_t> hops_out{0};
};

}  // namespace whippet::server
