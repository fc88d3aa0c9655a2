#pragma once
// create_user (code 33): adds a user.
//
//   payload = username:WireName password:(len:u8 utf8) status:u8
//             permissions:(has:u8 (len:u32 Permissions)?)
//   reply   = UserDetails (responses/user.h)

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct create_user_request {
  std::string username;
  std::string password;  // 0..255 bytes; the handler checks the policy
  user_status status = user_status::active;  // 1 active, 2 inactive
  std::optional<binary::permissions> permissions;
  static constexpr command_code code = command_code::create_user;
  bool operator==(const create_user_request&) const = default;
};

std::vector<uint8_t> encode(const create_user_request& req);
decode_result<create_user_request> decode_create_user_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
