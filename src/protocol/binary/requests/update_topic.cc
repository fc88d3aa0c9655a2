#include "protocol/binary/requests/update_topic.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const update_topic_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  write_identifier(w, req.topic);
  w.write<uint8_t>(static_cast<uint8_t>(req.compression));
  w.write<uint64_t>(req.message_expiry);
  w.write<uint64_t>(req.max_topic_size);
  w.write<uint8_t>(req.replication_factor);
  write_wire_name(w, req.name);
  return out;
}

namespace {

result<update_topic_request, status> read_update_topic_request(bytes::byte_reader& r) {
  update_topic_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.topic, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.compression, read_compression_algorithm(r));
  WHIPPET_TRY_ASSIGN(req.message_expiry, read_u64(r));
  WHIPPET_TRY_ASSIGN(req.max_topic_size, read_u64(r));
  WHIPPET_TRY_ASSIGN(req.replication_factor, read_u8(r));
  WHIPPET_TRY_ASSIGN(req.name, read_wire_name(r));
  return req;
}

}  // namespace

decode_result<update_topic_request> decode_update_topic_request(std::span<const uint8_t> payload) {
  return detail::decode_request<update_topic_request>(payload, read_update_topic_request);
}

}  // namespace whippet::protocol::binary
