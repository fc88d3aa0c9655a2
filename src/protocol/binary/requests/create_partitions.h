#pragma once
// create_partitions (code 402): adds partitions to a topic.
//
//   payload = stream:Identifier topic:Identifier partitions_count:u32
//   reply   = empty

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct create_partitions_request {
  identifier stream;
  identifier topic;
  uint32_t partitions_count = 0;
  static constexpr command_code code = command_code::create_partitions;
  bool operator==(const create_partitions_request&) const = default;
};

std::vector<uint8_t> encode(const create_partitions_request& req);
decode_result<create_partitions_request> decode_create_partitions_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
