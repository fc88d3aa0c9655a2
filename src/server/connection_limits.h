#pragma once
// connection_limits: how many connections are open, in all and per client IP
// address, against tcp.max_connections and tcp.max_connections_per_ip.
// Admitted on the accepting shard, released on whichever shard the
// connection ends; thread-safe.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace whippet::server {

class connection_limits;

// One admitted connection; released when destroyed. Move-only.
class connection_slot {
 public:
  connection_slot() = default;
  connection_slot(connection_slot&& o) noexcept : limits_(o.limits_), ip_(std::move(o.ip_)) { o.limits_ = nullptr; }
  connection_slot& operator=(connection_slot&&) = delete;
  ~connection_slot();

 private:
  friend class connection_limits;
  connection_slot(connection_limits* l, std::string ip) : limits_(l), ip_(std::move(ip)) {}
  connection_limits* limits_ = nullptr;
  std::string ip_;
};

enum class admission_refusal { total, per_ip };

class connection_limits {
 public:
  connection_limits(uint32_t max_total, uint32_t max_per_ip) : max_total_(max_total), max_per_ip_(max_per_ip) {}

  // A slot, or why there is none.
  std::optional<connection_slot> admit(const std::string& ip, admission_refusal& why);
  uint32_t open() const;

 private:
  friend class connection_slot;
  void release(const std::string& ip);

  const uint32_t max_total_;
  const uint32_t max_per_ip_;
  mutable std::mutex mutex_;
  uint32_t total_ = 0;
  std::unordered_map<std::string, uint32_t> per_ip_;
};

}  // namespace whippet::server
