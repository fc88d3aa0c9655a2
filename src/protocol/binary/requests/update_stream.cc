#include "protocol/binary/requests/update_stream.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const update_stream_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  write_wire_name(w, req.name);
  return out;
}

namespace {

result<update_stream_request, status> read_update_stream_request(bytes::byte_reader& r) {
  update_stream_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.name, read_wire_name(r));
  return req;
}

}  // namespace

decode_result<update_stream_request> decode_update_stream_request(std::span<const uint8_t> payload) {
  return detail::decode_request<update_stream_request>(payload, read_update_stream_request);
}

}  // namespace whippet::protocol::binary
