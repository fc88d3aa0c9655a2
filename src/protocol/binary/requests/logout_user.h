#pragma once
// logout_user (code 39): logs this connection out.
//
//   payload = (empty)
//   reply   = empty

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct logout_user_request {
  static constexpr command_code code = command_code::logout_user;
  bool operator==(const logout_user_request&) const = default;
};

std::vector<uint8_t> encode(const logout_user_request& req);
decode_result<logout_user_request> decode_logout_user_request(std::span<const uint8_t> payload) noexcept;

}  // namespace whippet::protocol::binary
