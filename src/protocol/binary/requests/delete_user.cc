#include "protocol/binary/requests/delete_user.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const delete_user_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.user);
  return out;
}

result<delete_user_request, status> decode_delete_user_request(std::span<const uint8_t> payload) {
  bytes::byte_reader r(payload);
  delete_user_request req;
  WHIPPET_TRY_ASSIGN(req.user, read_identifier(r));
  WHIPPET_TRY(expect_end(r));
  return req;
}

}  // namespace whippet::protocol::binary
