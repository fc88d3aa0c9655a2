#pragma once
// update_user (code 35): renames a user and/or changes its status.
//
//   payload = user:Identifier has_username:u8 username:WireName? has_status:u8 status:u8?
//   reply   = empty

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

struct update_user_request {
  identifier user;
  std::optional<std::string> username;  // none: keep the name
  std::optional<user_status> status;    // none: keep the status
  static constexpr command_code code = command_code::update_user;
  bool operator==(const update_user_request&) const = default;
};

std::vector<uint8_t> encode(const update_user_request& req);
decode_result<update_user_request> decode_update_user_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
