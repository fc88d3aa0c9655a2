#include "protocol/binary/requests/create_user.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const create_user_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_wire_name(w, req.username);
  write_u8_string(w, req.password);
  w.write<uint8_t>(static_cast<uint8_t>(req.status));
  write_optional_permissions(w, req.permissions);
  return out;
}

namespace {

result<create_user_request, status> read_create_user_request(bytes::byte_reader& r) {
  create_user_request req;
  WHIPPET_TRY_ASSIGN(req.username, read_wire_name(r));
  WHIPPET_TRY_ASSIGN(req.password, read_u8_string(r));
  WHIPPET_TRY_ASSIGN(req.status, read_user_status(r));
  WHIPPET_TRY_ASSIGN(req.permissions, read_optional_permissions(r));
  return req;
}

}  // namespace

decode_result<create_user_request> decode_create_user_request(std::span<const uint8_t> payload) {
  return detail::decode_request<create_user_request>(payload, read_create_user_request);
}

}  // namespace whippet::protocol::binary
