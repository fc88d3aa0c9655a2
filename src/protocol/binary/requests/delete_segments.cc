#include "protocol/binary/requests/delete_segments.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const delete_segments_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  write_identifier(w, req.topic);
  w.write<uint32_t>(req.partition_id);
  w.write<uint32_t>(req.segments_count);
  return out;
}

namespace {

result<delete_segments_request, status> read_delete_segments_request(bytes::byte_reader& r) {
  delete_segments_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.topic, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.partition_id, read_u32(r));
  WHIPPET_TRY_ASSIGN(req.segments_count, read_u32(r));
  return req;
}

}  // namespace

decode_result<delete_segments_request> decode_delete_segments_request(std::span<const uint8_t> payload) {
  return detail::decode_request<delete_segments_request>(payload, read_delete_segments_request);
}

}  // namespace whippet::protocol::binary
