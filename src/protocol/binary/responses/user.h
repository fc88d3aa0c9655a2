#pragma once
// User replies: UserResponse (get_users lists them) and UserDetails
// (create_user, get_user: the user, then its permissions if it has any).
//
//   user_response = id:u32 created_at:u64 status:u8 username:WireName
//   user_details  = user_response ( 00 00 00 00                          ; no permissions: a zero u32
//                                 / 01 perms_len:u32 Permissions )      ; permissions: exactly perms_len bytes
//   get_users     = user_response*

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "bytes/byte_reader.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct user_response {
  uint32_t id = 0;
  uint64_t created_at = 0;  // µs since the epoch
  user_status status = user_status::active;
  std::string username;
  bool operator==(const user_response&) const = default;
};

struct user_details {
  user_response user;
  std::optional<binary::permissions> permissions;
  bool operator==(const user_details&) const = default;
};

void encode(bytes::byte_writer& w, const user_response& u);
void encode(bytes::byte_writer& w, const user_details& u);

result<user_response, status> read_user_response(bytes::byte_reader& r);
result<user_response, status> decode_user_response(std::span<const uint8_t> payload);
result<user_details, status> decode_user_details(std::span<const uint8_t> payload);
result<std::vector<user_response>, status> decode_user_list(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
