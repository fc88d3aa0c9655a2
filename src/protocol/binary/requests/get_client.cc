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

result<get_client_request, status> decode_get_client_request(std::span<const uint8_t> payload) {
  bytes::byte_reader r(payload);
  get_client_request req;
  WHIPPET_TRY_ASSIGN(req.client_id, read_u32(r));
  WHIPPET_TRY(expect_end(r));
  return req;
}

}  // namespace whippet::protocol::binary
