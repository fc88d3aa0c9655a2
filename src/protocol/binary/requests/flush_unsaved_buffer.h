#pragma once
// flush_unsaved_buffer (code 102): writes a partition's buffered messages to disk.
//
//   payload = stream:Identifier topic:Identifier partition_id:u32 fsync:u8
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

struct flush_unsaved_buffer_request {
  identifier stream;
  identifier topic;
  uint32_t partition_id = 0;
  bool fsync = false;
  static constexpr command_code code = command_code::flush_unsaved_buffer;
  bool operator==(const flush_unsaved_buffer_request&) const = default;
};

std::vector<uint8_t> encode(const flush_unsaved_buffer_request& req);
decode_result<flush_unsaved_buffer_request> decode_flush_unsaved_buffer_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
