#pragma once
// create_stream (code 202): adds a stream (0.6+ layout: the server assigns the id).
//
//   payload = name:WireName
//   reply   = StreamResponse (responses/stream.h)

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

struct create_stream_request {
  std::string name;
  static constexpr command_code code = command_code::create_stream;
  bool operator==(const create_stream_request&) const = default;
};

std::vector<uint8_t> encode(const create_stream_request& req);
decode_result<create_stream_request> decode_create_stream_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
