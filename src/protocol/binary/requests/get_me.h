#pragma once
// get_me (code 20): this connection's client.
//
//   payload = (empty)
//   reply   = ClientDetails (responses/client.h)

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_me_request {
  static constexpr command_code code = command_code::get_me;
  bool operator==(const get_me_request&) const = default;
};

std::vector<uint8_t> encode(const get_me_request& req);
decode_result<get_me_request> decode_get_me_request(std::span<const uint8_t> payload) noexcept;

}  // namespace whippet::protocol::binary
