#include "protocol/binary/requests/get_topics.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_topics_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  return out;
}

namespace {

result<get_topics_request, status> read_get_topics_request(bytes::byte_reader& r) {
  get_topics_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  return req;
}

}  // namespace

decode_result<get_topics_request> decode_get_topics_request(std::span<const uint8_t> payload) {
  return detail::decode_request<get_topics_request>(payload, read_get_topics_request);
}

}  // namespace whippet::protocol::binary
