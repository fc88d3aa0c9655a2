#include "protocol/binary/requests/delete_user.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const delete_user_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.user);
  return out;
}

namespace {

result<delete_user_request, status> read_delete_user_request(bytes::byte_reader& r) {
  delete_user_request req;
  WHIPPET_TRY_ASSIGN(req.user, read_identifier(r));
  return req;
}

}  // namespace

decode_result<delete_user_request> decode_delete_user_request(std::span<const uint8_t> payload) {
  return detail::decode_request<delete_user_request>(payload, read_delete_user_request);
}

}  // namespace whippet::protocol::binary
