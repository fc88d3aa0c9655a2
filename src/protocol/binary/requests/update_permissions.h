#pragma once
// update_permissions (code 36): replaces a user's permissions.
//
//   payload = user:Identifier permissions:(has:u8 (len:u32 Permissions)?)
//   reply   = empty

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct update_permissions_request {
  identifier user;
  std::optional<binary::permissions> permissions;  // none: no permissions
  static constexpr command_code code = command_code::update_permissions;
  bool operator==(const update_permissions_request&) const = default;
};

std::vector<uint8_t> encode(const update_permissions_request& req);
decode_result<update_permissions_request> decode_update_permissions_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
