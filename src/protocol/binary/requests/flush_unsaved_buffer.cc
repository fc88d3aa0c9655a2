#include "protocol/binary/requests/flush_unsaved_buffer.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const flush_unsaved_buffer_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  write_identifier(w, req.topic);
  w.write<uint32_t>(req.partition_id);
  write_bool(w, req.fsync);
  return out;
}

namespace {

result<flush_unsaved_buffer_request, status> read_flush_unsaved_buffer_request(bytes::byte_reader& r) {
  flush_unsaved_buffer_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.topic, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.partition_id, read_u32(r));
  WHIPPET_TRY_ASSIGN(req.fsync, read_bool(r));
  return req;
}

}  // namespace

decode_result<flush_unsaved_buffer_request> decode_flush_unsaved_buffer_request(std::span<const uint8_t> payload) {
  return detail::decode_request<flush_unsaved_buffer_request>(payload, read_flush_unsaved_buffer_request);
}

}  // namespace whippet::protocol::binary
