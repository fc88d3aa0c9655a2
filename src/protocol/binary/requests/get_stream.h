#pragma once
// get_stream (code 200): one stream with its topics.
//
//   payload = stream:Identifier
//   reply   = stream details (responses/stream.h); an unknown stream is an empty OK

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_stream_request {
  identifier stream;
  static constexpr command_code code = command_code::get_stream;
  bool operator==(const get_stream_request&) const = default;
};

std::vector<uint8_t> encode(const get_stream_request& req);
decode_result<get_stream_request> decode_get_stream_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
