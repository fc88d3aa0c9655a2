#pragma once
// get_streams (code 201): every stream.
//
//   payload = (empty)
//   reply   = StreamResponse* (responses/stream.h)

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_streams_request {
  static constexpr command_code code = command_code::get_streams;
  bool operator==(const get_streams_request&) const = default;
};

std::vector<uint8_t> encode(const get_streams_request& req);
decode_result<get_streams_request> decode_get_streams_request(std::span<const uint8_t> payload) noexcept;

}  // namespace whippet::protocol::binary
