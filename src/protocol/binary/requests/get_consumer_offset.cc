#include "protocol/binary/requests/get_consumer_offset.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_consumer_offset_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_consumer(w, req.consumer);
  write_identifier(w, req.stream);
  write_identifier(w, req.topic);
  write_optional_partition_id(w, req.partition_id);
  return out;
}

namespace {

result<get_consumer_offset_request, status> read_get_consumer_offset_request(bytes::byte_reader& r) {
  get_consumer_offset_request req;
  WHIPPET_TRY_ASSIGN(req.consumer, read_consumer(r));
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.topic, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.partition_id, read_optional_partition_id(r));
  return req;
}

}  // namespace

decode_result<get_consumer_offset_request> decode_get_consumer_offset_request(std::span<const uint8_t> payload) {
  return detail::decode_request<get_consumer_offset_request>(payload, read_get_consumer_offset_request);
}

}  // namespace whippet::protocol::binary
