#include "protocol/binary/requests/create_personal_access_token.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const create_personal_access_token_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_wire_name(w, req.name);
  w.write<uint64_t>(req.expiry);
  return out;
}

namespace {

result<create_personal_access_token_request, status> read_create_personal_access_token_request(bytes::byte_reader& r) {
  create_personal_access_token_request req;
  WHIPPET_TRY_ASSIGN(req.name, read_wire_name(r));
  WHIPPET_TRY_ASSIGN(req.expiry, read_u64(r));
  return req;
}

}  // namespace

decode_result<create_personal_access_token_request> decode_create_personal_access_token_request(std::span<const uint8_t> payload) {
  return detail::decode_request<create_personal_access_token_request>(payload, read_create_personal_access_token_request);
}

}  // namespace whippet::protocol::binary
