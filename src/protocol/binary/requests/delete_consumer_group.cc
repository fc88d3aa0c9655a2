#include "protocol/binary/requests/delete_consumer_group.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const delete_consumer_group_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  write_identifier(w, req.topic);
  write_identifier(w, req.group);
  return out;
}

namespace {

result<delete_consumer_group_request, status> read_delete_consumer_group_request(bytes::byte_reader& r) {
  delete_consumer_group_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.topic, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.group, read_identifier(r));
  return req;
}

}  // namespace

decode_result<delete_consumer_group_request> decode_delete_consumer_group_request(std::span<const uint8_t> payload) {
  return detail::decode_request<delete_consumer_group_request>(payload, read_delete_consumer_group_request);
}

}  // namespace whippet::protocol::binary
