#pragma once
// delete_personal_access_token (code 43): revokes one of the caller's tokens.
//
//   payload = name:WireName
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

struct delete_personal_access_token_request {
  std::string name;
  static constexpr command_code code = command_code::delete_personal_access_token;
  bool operator==(const delete_personal_access_token_request&) const = default;
};

std::vector<uint8_t> encode(const delete_personal_access_token_request& req);
decode_result<delete_personal_access_token_request> decode_delete_personal_access_token_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
