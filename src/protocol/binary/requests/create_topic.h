#pragma once
// create_topic (code 302): adds a topic (0.6+ layout: the server assigns the id).
//
//   payload = stream:Identifier partitions_count:u32 compression:u8 message_expiry:u64
//             max_topic_size:u64 replication_factor:u8 name:WireName
//   reply   = topic details (responses/topic.h)

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

struct create_topic_request {
  identifier stream;
  uint32_t partitions_count = 0;
  compression_algorithm compression = compression_algorithm::none;  // 1 none, 2 gzip
  uint64_t message_expiry = 0;  // µs; 0 = server default, UINT64_MAX = never
  uint64_t max_topic_size = 0;  // bytes; 0 = server default, UINT64_MAX = unlimited
  uint8_t replication_factor = 0;  // 0 = none
  std::string name;
  static constexpr command_code code = command_code::create_topic;
  bool operator==(const create_topic_request&) const = default;
};

std::vector<uint8_t> encode(const create_topic_request& req);
decode_result<create_topic_request> decode_create_topic_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
