#pragma once
// get_user (code 31): one user.
//
//   payload = user:Identifier
//   reply   = UserDetails (responses/user.h)

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_user_request {
  identifier user;
  static constexpr command_code code = command_code::get_user;
  bool operator==(const get_user_request&) const = default;
};

std::vector<uint8_t> encode(const get_user_request& req);
decode_result<get_user_request> decode_get_user_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
