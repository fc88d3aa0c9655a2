#pragma once
// login_user (code 38): logs this connection in with a username and password.
//
//   payload = username:WireName password:(len:u8 utf8) version:(len:u32 utf8) context:(len:u32 utf8)
//   reply   = IdentityResponse (responses/identity.h)

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

struct login_user_request {
  std::string username;
  std::string password;
  std::string version;  // the client's version; empty = absent (length 0)
  std::string context;  // empty = absent (length 0)
  static constexpr command_code code = command_code::login_user;
  bool operator==(const login_user_request&) const = default;
};

std::vector<uint8_t> encode(const login_user_request& req);
decode_result<login_user_request> decode_login_user_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
