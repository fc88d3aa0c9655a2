#include "protocol/binary/responses/topic.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

void encode(bytes::byte_writer& w, const topic_header& t) {
  w.write<uint32_t>(t.id);
  w.write<uint64_t>(t.created_at);
  w.write<uint32_t>(t.partitions_count);
  w.write<uint64_t>(t.message_expiry);
  w.write<uint8_t>(static_cast<uint8_t>(t.compression));
  w.write<uint64_t>(t.max_topic_size);
  w.write<uint8_t>(t.replication_factor);
  w.write<uint64_t>(t.size_bytes);
  w.write<uint64_t>(t.messages_count);
  write_wire_name(w, t.name);
}

void encode(bytes::byte_writer& w, const topic_details& t) {
  encode(w, t.topic);
  for (const auto& p : t.partitions) encode(w, p);
}

result<topic_header, status> read_topic_header(bytes::byte_reader& r) {
  topic_header t;
  WHIPPET_TRY_ASSIGN(t.id, read_u32(r));
  WHIPPET_TRY_ASSIGN(t.created_at, read_u64(r));
  WHIPPET_TRY_ASSIGN(t.partitions_count, read_u32(r));
  WHIPPET_TRY_ASSIGN(t.message_expiry, read_u64(r));
  WHIPPET_TRY_ASSIGN(t.compression, read_compression_algorithm(r));
  WHIPPET_TRY_ASSIGN(t.max_topic_size, read_u64(r));
  WHIPPET_TRY_ASSIGN(t.replication_factor, read_u8(r));
  WHIPPET_TRY_ASSIGN(t.size_bytes, read_u64(r));
  WHIPPET_TRY_ASSIGN(t.messages_count, read_u64(r));
  WHIPPET_TRY_ASSIGN(t.name, read_wire_name(r));
  return t;
}

result<topic_header, status> decode_topic_header(std::span<const uint8_t> payload) {
  return detail::decode_whole<topic_header>(payload, read_topic_header);
}

result<topic_details, status> decode_topic_details(std::span<const uint8_t> payload) {
  bytes::byte_reader r(payload);
  topic_details t;
  WHIPPET_TRY_ASSIGN(t.topic, read_topic_header(r));
  WHIPPET_TRY_ASSIGN(t.partitions, detail::read_until_end<partition_response>(r, read_partition_response));
  return t;
}

result<std::vector<topic_header>, status> decode_topic_list(std::span<const uint8_t> payload) {
  return detail::decode_list<topic_header>(payload, read_topic_header);
}

}  // namespace whippet::protocol::binary
