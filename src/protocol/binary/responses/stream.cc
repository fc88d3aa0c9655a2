#include "protocol/binary/responses/stream.h"

#include "protocol/binary/decode_support.h"
#include "protocol/binary/primitives.h"

namespace whippet::protocol::binary {

void encode(bytes::byte_writer& w, const stream_response& s) {
  w.write<uint32_t>(s.id);
  w.write<uint64_t>(s.created_at);
  w.write<uint32_t>(s.topics_count);
  w.write<uint64_t>(s.size_bytes);
  w.write<uint64_t>(s.messages_count);
  write_wire_name(w, s.name);
}

void encode(bytes::byte_writer& w, const stream_details& s) {
  encode(w, s.stream);
  for (const auto& t : s.topics) encode(w, t);
}

result<stream_response, status> read_stream_response(bytes::byte_reader& r) {
  stream_response s;
  WHIPPET_TRY_ASSIGN(s.id, read_u32(r));
  WHIPPET_TRY_ASSIGN(s.created_at, read_u64(r));
  WHIPPET_TRY_ASSIGN(s.topics_count, read_u32(r));
  WHIPPET_TRY_ASSIGN(s.size_bytes, read_u64(r));
  WHIPPET_TRY_ASSIGN(s.messages_count, read_u64(r));
  WHIPPET_TRY_ASSIGN(s.name, read_wire_name(r));
  return s;
}

result<stream_response, status> decode_stream_response(std::span<const uint8_t> payload) {
  return detail::decode_whole<stream_response>(payload, read_stream_response);
}

result<stream_details, status> decode_stream_details(std::span<const uint8_t> payload) {
  bytes::byte_reader r(payload);
  stream_details s;
  WHIPPET_TRY_ASSIGN(s.stream, read_stream_response(r));
  WHIPPET_TRY_ASSIGN(s.topics, detail::read_until_end<topic_header>(r, read_topic_header));
  return s;
}

result<std::vector<stream_response>, status> decode_stream_list(std::span<const uint8_t> payload) {
  return detail::decode_list<stream_response>(payload, read_stream_response);
}

}  // namespace whippet::protocol::binary
