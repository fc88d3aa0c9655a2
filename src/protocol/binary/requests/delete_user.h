#pragma once
// delete_user (code 34): removes a user.
//
//   payload = user:Identifier
//   reply   = empty

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct delete_user_request {
  identifier user;
  static constexpr command_code code = command_code::delete_user;
  bool operator==(const delete_user_request&) const = default;
};

std::vector<uint8_t> encode(const delete_user_request& req);
decode_result<delete_user_request> decode_delete_user_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
