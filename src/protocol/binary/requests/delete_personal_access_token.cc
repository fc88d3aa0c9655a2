#include "protocol/binary/requests/delete_personal_access_token.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const delete_personal_access_token_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_wire_name(w, req.name);
  return out;
}

namespace {

result<delete_personal_access_token_request, status> read_delete_personal_access_token_request(bytes::byte_reader& r) {
  delete_personal_access_token_request req;
  WHIPPET_TRY_ASSIGN(req.name, read_wire_name(r));
  return req;
}

}  // namespace

decode_result<delete_personal_access_token_request> decode_delete_personal_access_token_request(std::span<const uint8_t> payload) {
  return detail::decode_request<delete_personal_access_token_request>(payload, read_delete_personal_access_token_request);
}

}  // namespace whippet::protocol::binary
