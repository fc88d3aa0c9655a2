#include "protocol/binary/requests/update_user.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const update_user_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.user);
  write_bool(w, req.username.has_value());
  if (req.username) write_wire_name(w, *req.username);
  write_bool(w, req.status.has_value());
  if (req.status) w.write<uint8_t>(static_cast<uint8_t>(*req.status));
  return out;
}

namespace {

result<update_user_request, status> read_update_user_request(bytes::byte_reader& r) {
  update_user_request req;
  bool has = false;
  WHIPPET_TRY_ASSIGN(req.user, read_identifier(r));
  WHIPPET_TRY_ASSIGN(has, read_bool(r));
  if (has) WHIPPET_TRY_ASSIGN(req.username, read_wire_name(r));
  WHIPPET_TRY_ASSIGN(has, read_bool(r));
  if (has) WHIPPET_TRY_ASSIGN(req.status, read_user_status(r));
  return req;
}

}  // namespace

decode_result<update_user_request> decode_update_user_request(std::span<const uint8_t> payload) {
  return detail::decode_request<update_user_request>(payload, read_update_user_request);
}

}  // namespace whippet::protocol::binary
