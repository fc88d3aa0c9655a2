#pragma once
// get_personal_access_tokens (code 41): the caller's tokens.
//
//   payload = (empty)
//   reply   = [WireName name][expiry_at:u64]* (responses/personal_access_token.h)

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_personal_access_tokens_request {
  static constexpr command_code code = command_code::get_personal_access_tokens;
  bool operator==(const get_personal_access_tokens_request&) const = default;
};

std::vector<uint8_t> encode(const get_personal_access_tokens_request& req);
decode_result<get_personal_access_tokens_request> decode_get_personal_access_tokens_request(std::span<const uint8_t> payload) noexcept;

}  // namespace whippet::protocol::binary
