#pragma once
// purge_stream (code 205): deletes every message of a stream.
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

struct purge_stream_request {
  identifier stream;
  static constexpr command_code code = command_code::purge_stream;
  bool operator==(const purge_stream_request&) const = default;
};

std::vector<uint8_t> encode(const purge_stream_request& req);
decode_result<purge_stream_request> decode_purge_stream_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
