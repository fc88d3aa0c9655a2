#pragma once
// Personal access token replies.
//
//   create_personal_access_token = raw_token:WireName             ; shown once, never stored in clear
//   get_personal_access_tokens   = (name:WireName expiry_at:u64)*

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "bytes/byte_reader.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct raw_personal_access_token {
  std::string token;
  bool operator==(const raw_personal_access_token&) const = default;
};

struct personal_access_token_info {
  std::string name;
  uint64_t expiry_at = 0;  // µs since the epoch; 0 = never expires
  bool operator==(const personal_access_token_info&) const = default;
};

void encode(bytes::byte_writer& w, const raw_personal_access_token& t);
void encode(bytes::byte_writer& w, const personal_access_token_info& t);

result<raw_personal_access_token, status> decode_raw_personal_access_token(std::span<const uint8_t> payload);
result<personal_access_token_info, status> read_personal_access_token_info(bytes::byte_reader& r);
result<std::vector<personal_access_token_info>, status> decode_personal_access_token_list(
    std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
