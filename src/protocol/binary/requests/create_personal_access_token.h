#pragma once
// create_personal_access_token (code 42): issues a token for the caller.
//
//   payload = name:WireName expiry:u64
//   reply   = [WireName raw_token] (responses/personal_access_token.h)

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

struct create_personal_access_token_request {
  std::string name;
  uint64_t expiry = 0;  // µs; 0 = server default, UINT64_MAX = never
  static constexpr command_code code = command_code::create_personal_access_token;
  bool operator==(const create_personal_access_token_request&) const = default;
};

std::vector<uint8_t> encode(const create_personal_access_token_request& req);
decode_result<create_personal_access_token_request> decode_create_personal_access_token_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
