#pragma once
// change_password (code 37): changes a user's password.
//
//   payload = user:Identifier current_password:(len:u8 utf8) new_password:(len:u8 utf8)
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

struct change_password_request {
  identifier user;
  std::string current_password;
  std::string new_password;
  static constexpr command_code code = command_code::change_password;
  bool operator==(const change_password_request&) const = default;
};

std::vector<uint8_t> encode(const change_password_request& req);
decode_result<change_password_request> decode_change_password_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
