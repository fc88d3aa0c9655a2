#include "protocol/binary/requests/delete_topic.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const delete_topic_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  write_identifier(w, req.topic);
  return out;
}

namespace {

result<delete_topic_request, status> read_delete_topic_request(bytes::byte_reader& r) {
  delete_topic_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.topic, read_identifier(r));
  return req;
}

}  // namespace

decode_result<delete_topic_request> decode_delete_topic_request(std::span<const uint8_t> payload) {
  return detail::decode_request<delete_topic_request>(payload, read_delete_topic_request);
}

}  // namespace whippet::protocol::binary
