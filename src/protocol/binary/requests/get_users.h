#pragma once
// get_users (code 32): every user.
//
//   payload = (empty)
//   reply   = UserResponse* (responses/user.h)

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_users_request {
  static constexpr command_code code = command_code::get_users;
  bool operator==(const get_users_request&) const = default;
};

std::vector<uint8_t> encode(const get_users_request& req);
decode_result<get_users_request> decode_get_users_request(std::span<const uint8_t> payload) noexcept;

}  // namespace whippet::protocol::binary
