#include "protocol/binary/requests/create_consumer_group.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const create_consumer_group_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  write_identifier(w, req.topic);
  write_wire_name(w, req.name);
  return out;
}

namespace {

result<create_consumer_group_request, status> read_create_consumer_group_request(bytes::byte_reader& r) {
  create_consumer_group_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.topic, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.name, read_wire_name(r));
  return req;
}

}  // namespace

decode_result<create_consumer_group_request> decode_create_consumer_group_request(std::span<const uint8_t> payload) {
  return detail::decode_request<create_consumer_group_request>(payload, read_create_consumer_group_request);
}

}  // namespace whippet::protocol::binary
