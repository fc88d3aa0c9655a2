#include "protocol/binary/requests/update_permissions.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const update_permissions_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.user);
  write_optional_permissions(w, req.permissions);
  return out;
}

namespace {

result<update_permissions_request, status> read_update_permissions_request(bytes::byte_reader& r) {
  update_permissions_request req;
  WHIPPET_TRY_ASSIGN(req.user, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.permissions, read_optional_permissions(r));
  return req;
}

}  // namespace

decode_result<update_permissions_request> decode_update_permissions_request(std::span<const uint8_t> payload) {
  return detail::decode_request<update_permissions_request>(payload, read_update_permissions_request);
}

}  // namespace whippet::protocol::binary
