#pragma once
// IdentityResponse: the reply to login_user and login_with_personal_access_token.
//
//   identity = user_id:u32

#include <cstdint>
#include <span>

#include "base/result.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct identity_response {
  uint32_t user_id = 0;
  bool operator==(const identity_response&) const = default;
};

void encode(bytes::byte_writer& w, const identity_response& i);
result<identity_response, status> decode_identity_response(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
