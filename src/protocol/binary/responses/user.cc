#include "protocol/binary/responses/user.h"

#include <algorithm>

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

void encode(bytes::byte_writer& w, const user_response& u) {
  w.write<uint32_t>(u.id);
  w.write<uint64_t>(u.created_at);
  w.write<uint8_t>(static_cast<uint8_t>(u.status));
  write_wire_name(w, u.username);
}

void encode(bytes::byte_writer& w, const user_details& u) {
  encode(w, u.user);
  if (!u.permissions) {
    w.write<uint32_t>(0);
    return;
  }
  std::vector<uint8_t> body;
  bytes::byte_writer inner(body);
  write_permissions(inner, *u.permissions);
  w.write<uint8_t>(1);
  w.write<uint32_t>(static_cast<uint32_t>(body.size()));
  w.write_bytes(body);
}

result<user_response, status> read_user_response(bytes::byte_reader& r) {
  user_response u;
  WHIPPET_TRY_ASSIGN(u.id, read_u32(r));
  WHIPPET_TRY_ASSIGN(u.created_at, read_u64(r));
  WHIPPET_TRY_ASSIGN(u.status, read_user_status(r));
  WHIPPET_TRY_ASSIGN(u.username, read_wire_name(r));
  return u;
}

result<user_response, status> decode_user_response(std::span<const uint8_t> payload) {
  return detail::decode_whole<user_response>(payload, read_user_response);
}

result<user_details, status> decode_user_details(std::span<const uint8_t> payload) {
  bytes::byte_reader r(payload);
  user_details u;
  WHIPPET_TRY_ASSIGN(u.user, read_user_response(r));
  uint8_t flag = 0;
  WHIPPET_TRY_ASSIGN(flag, read_u8(r));
  if (flag == 0) {
    // "No permissions" is a whole zero u32, not a one-byte flag.
    auto rest = r.read_bytes(3);
    if (!rest || std::any_of(rest->begin(), rest->end(), [](uint8_t b) { return b != 0; })) {
      return fail(status::invalid_format);
    }
  } else if (flag == 1) {
    uint32_t len = 0;
    WHIPPET_TRY_ASSIGN(len, read_u32(r));
    auto body = r.read_bytes(len);
    if (!body) return fail(status::invalid_format);
    bytes::byte_reader inner(*body);
    WHIPPET_TRY_ASSIGN(u.permissions, read_permissions(inner));
    WHIPPET_TRY(expect_end(inner));
  } else {
    return fail(status::invalid_format);
  }
  WHIPPET_TRY(expect_end(r));
  return u;
}

result<std::vector<user_response>, status> decode_user_list(std::span<const uint8_t> payload) {
  return detail::decode_list<user_response>(payload, read_user_response);
}

}  // namespace whippet::protocol::binary
