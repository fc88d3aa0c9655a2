#include "protocol/binary/requests/create_topic.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const create_topic_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  w.write<uint32_t>(req.partitions_count);
  w.write<uint8_t>(static_cast<uint8_t>(req.compression));
  w.write<uint64_t>(req.message_expiry);
  w.write<uint64_t>(req.max_topic_size);
  w.write<uint8_t>(req.replication_factor);
  write_wire_name(w, req.name);
  return out;
}

namespace {

result<create_topic_request, status> read_create_topic_request(bytes::byte_reader& r) {
  create_topic_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.partitions_count, read_u32(r));
  WHIPPET_TRY_ASSIGN(req.compression, read_compression_algorithm(r));
  WHIPPET_TRY_ASSIGN(req.message_expiry, read_u64(r));
  WHIPPET_TRY_ASSIGN(req.max_topic_size, read_u64(r));
  WHIPPET_TRY_ASSIGN(req.replication_factor, read_u8(r));
  WHIPPET_TRY_ASSIGN(req.name, read_wire_name(r));
  return req;
}

}  // namespace

decode_result<create_topic_request> decode_create_topic_request(std::span<const uint8_t> payload) {
  return detail::decode_request<create_topic_request>(payload, read_create_topic_request);
}

}  // namespace whippet::protocol::binary
