#pragma once
// ping (code 1): an empty request answered by an empty OK reply. It is the one
// command a connection may send before it logs in.

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct ping_request {
  static constexpr command_code code = command_code::ping;
  bool operator==(const ping_request&) const = default;
};

std::vector<uint8_t> encode(const ping_request&);
decode_result<ping_request> decode_ping_request(std::span<const uint8_t> payload) noexcept;

}  // namespace whippet::protocol::binary
