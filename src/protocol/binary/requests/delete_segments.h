#pragma once
// delete_segments (code 503): deletes a partition's oldest segments.
//
//   payload = stream:Identifier topic:Identifier partition_id:u32 segments_count:u32
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

struct delete_segments_request {
  identifier stream;
  identifier topic;
  uint32_t partition_id = 0;
  uint32_t segments_count = 0;
  static constexpr command_code code = command_code::delete_segments;
  bool operator==(const delete_segments_request&) const = default;
};

std::vector<uint8_t> encode(const delete_segments_request& req);
decode_result<delete_segments_request> decode_delete_segments_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
