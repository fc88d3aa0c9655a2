#pragma once
// login_with_personal_access_token (code 44): logs this connection in with a token.
//
//   payload = token:WireName
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

struct login_with_personal_access_token_request {
  std::string token;
  static constexpr command_code code = command_code::login_with_personal_access_token;
  bool operator==(const login_with_personal_access_token_request&) const = default;
};

std::vector<uint8_t> encode(const login_with_personal_access_token_request& req);
decode_result<login_with_personal_access_token_request> decode_login_with_personal_access_token_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
