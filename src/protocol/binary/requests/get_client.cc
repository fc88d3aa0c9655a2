#include "protocol/binary/requests/get_client.h"

#include "protocol/binary/primitives.h"
#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_client_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  w.write<uint32_t>(req.client_id);
  return out;
}

namespace {

result<get_client_request, status> read_get_client_request(bytes::byte_reader& r) {
  get_client_request req;
  WHIPPET_TRY_ASSIGN(req.client_id, read_u32(r));
  return req;
}

}  // namespace

decode_result<get_client_request> decode_get_client_request(std::span<const uint8_t> payload) {
  return detail::decode_request<get_client_request>(payload, read_get_client_request);
}

}  // namespace whippet::protocol::binary
