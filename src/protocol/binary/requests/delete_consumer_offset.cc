#include "protocol/binary/requests/delete_consumer_offset.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const delete_consumer_offset_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_consumer(w, req.consumer);
  write_identifier(w, req.stream);
  write_identifier(w, req.topic);
  write_optional_partition_id(w, req.partition_id);
  return out;
}

namespace {

result<delete_consumer_offset_request, status> read_delete_consumer_offset_request(bytes::byte_reader& r) {
  delete_consumer_offset_request req;
  WHIPPET_TRY_ASSIGN(req.consumer, read_consumer(r));
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.topic, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.partition_id, read_optional_partition_id(r));
  return req;
}

}  // namespace

decode_result<delete_consumer_offset_request> decode_delete_consumer_offset_request(std::span<const uint8_t> payload) {
  return detail::decode_request<delete_consumer_offset_request>(payload, read_delete_consumer_offset_request);
}

}  // namespace whippet::protocol::binary
