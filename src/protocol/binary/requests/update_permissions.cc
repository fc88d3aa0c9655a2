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

result<update_permissions_request, status> decode_update_permissions_request(std::span<const uint8_t> payload) {
  bytes::byte_reader r(payload);
  update_permissions_request req;
  WHIPPET_TRY_ASSIGN(req.user, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.permissions, read_optional_permissions(r));
  WHIPPET_TRY(expect_end(r));
  return req;
}

}  // namespace whippet::protocol::binary
