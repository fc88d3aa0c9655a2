#pragma once
// update_topic (code 304): changes a topic's settings and name.
//
//   payload = stream:Identifier topic:Identifier compression:u8 message_expiry:u64 max_topic_size:u64
//             replication_factor:u8 name:WireName
//   reply   = empty

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct update_topic_request {
  identifier stream;
  identifier topic;
  compression_algorithm compression = compression_algorithm::none;  // 1 none, 2 gzip
  uint64_t message_expiry = 0;  // µs; 0 = server default, UINT64_MAX = never
  uint64_t max_topic_size = 0;  // bytes; 0 = server default, UINT64_MAX = unlimited
  uint8_t replication_factor = 0;  // 0 = none
  std::string name;
  static constexpr command_code code = command_code::update_topic;
  bool operator==(const update_topic_request&) const = default;
};

std::vector<uint8_t> encode(const update_topic_request& req);
decode_result<update_topic_request> decode_update_topic_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
