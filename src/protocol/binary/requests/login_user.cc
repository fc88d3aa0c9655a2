#include "protocol/binary/requests/login_user.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const login_user_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_wire_name(w, req.username);
  write_u8_string(w, req.password);
  write_u32_string(w, req.version);
  write_u32_string(w, req.context);
  return out;
}

namespace {

result<login_user_request, status> read_login_user_request(bytes::byte_reader& r) {
  login_user_request req;
  WHIPPET_TRY_ASSIGN(req.username, read_wire_name(r));
  WHIPPET_TRY_ASSIGN(req.password, read_u8_string(r));
  WHIPPET_TRY_ASSIGN(req.version, read_u32_string(r));
  WHIPPET_TRY_ASSIGN(req.context, read_u32_string(r));
  return req;
}

}  // namespace

decode_result<login_user_request> decode_login_user_request(std::span<const uint8_t> payload) {
  return detail::decode_request<login_user_request>(payload, read_login_user_request);
}

}  // namespace whippet::protocol::binary
