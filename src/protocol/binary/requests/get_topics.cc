#include "protocol/binary/requests/get_topics.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_topics_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  return out;
}

result<get_topics_request, status> decode_get_topics_request(std::span<const uint8_t> payload) {
  bytes::byte_reader r(payload);
  get_topics_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY(expect_end(r));
  return req;
}

}  // namespace whippet::protocol::binary
