#include "protocol/binary/responses/personal_access_token.h"

#include "protocol/binary/decode_support.h"
#include "protocol/binary/primitives.h"

namespace whippet::protocol::binary {

void encode(bytes::byte_writer& w, const raw_personal_access_token& t) { write_wire_name(w, t.token); }

void encode(bytes::byte_writer& w, const personal_access_token_info& t) {
  write_wire_name(w, t.name);
  w.write<uint64_t>(t.expiry_at);
}

result<raw_personal_access_token, status> decode_raw_personal_access_token(std::span<const uint8_t> payload) {
  return detail::decode_whole<raw_personal_access_token>(
      payload, [](bytes::byte_reader& r) -> result<raw_personal_access_token, status> {
        raw_personal_access_token t;
        WHIPPET_TRY_ASSIGN(t.token, read_wire_name(r));
        return t;
      });
}

result<personal_access_token_info, status> read_personal_access_token_info(bytes::byte_reader& r) {
  personal_access_token_info t;
  WHIPPET_TRY_ASSIGN(t.name, read_wire_name(r));
  WHIPPET_TRY_ASSIGN(t.expiry_at, read_u64(r));
  return t;
}

result<std::vector<personal_access_token_info>, status> decode_personal_access_token_list(
    std::span<const uint8_t> payload) {
  return detail::decode_list<personal_access_token_info>(payload, read_personal_access_token_info);
}

}  // namespace whippet::protocol::binary
