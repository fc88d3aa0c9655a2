#include "protocol/binary/requests/change_password.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const change_password_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.user);
  write_u8_string(w, req.current_password);
  write_u8_string(w, req.new_password);
  return out;
}

namespace {

result<change_password_request, status> read_change_password_request(bytes::byte_reader& r) {
  change_password_request req;
  WHIPPET_TRY_ASSIGN(req.user, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.current_password, read_u8_string(r));
  WHIPPET_TRY_ASSIGN(req.new_password, read_u8_string(r));
  return req;
}

}  // namespace

decode_result<change_password_request> decode_change_password_request(std::span<const uint8_t> payload) {
  return detail::decode_request<change_password_request>(payload, read_change_password_request);
}

}  // namespace whippet::protocol::binary
