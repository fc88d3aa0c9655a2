#pragma once
// delete_stream (code 203): removes a stream and everything in it.
//
//   payload = stream:Identifier
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

struct delete_stream_request {
  identifier stream;
  static constexpr command_code code = command_code::delete_stream;
  bool operator==(const delete_stream_request&) const = default;
};

std::vector<uint8_t> encode(const delete_stream_request& req);
decode_result<delete_stream_request> decode_delete_stream_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
