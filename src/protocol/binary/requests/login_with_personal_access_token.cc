#include "protocol/binary/requests/login_with_personal_access_token.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const login_with_personal_access_token_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_wire_name(w, req.token);
  return out;
}

namespace {

result<login_with_personal_access_token_request, status> read_login_with_personal_access_token_request(bytes::byte_reader& r) {
  login_with_personal_access_token_request req;
  WHIPPET_TRY_ASSIGN(req.token, read_wire_name(r));
  return req;
}

}  // namespace

decode_result<login_with_personal_access_token_request> decode_login_with_personal_access_token_request(std::span<const uint8_t> payload) {
  return detail::decode_request<login_with_personal_access_token_request>(payload, read_login_with_personal_access_token_request);
}

}  // namespace whippet::protocol::binary
