#pragma once
// update_stream (code 204): renames a stream.
//
//   payload = stream:Identifier name:WireName
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

struct update_stream_request {
  identifier stream;
  std::string name;
  static constexpr command_code code = command_code::update_stream;
  bool operator==(const update_stream_request&) const = default;
};

std::vector<uint8_t> encode(const update_stream_request& req);
decode_result<update_stream_request> decode_update_stream_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
