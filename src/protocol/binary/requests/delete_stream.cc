#include "protocol/binary/requests/delete_stream.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const delete_stream_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  return out;
}

namespace {

result<delete_stream_request, status> read_delete_stream_request(bytes::byte_reader& r) {
  delete_stream_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  return req;
}

}  // namespace

decode_result<delete_stream_request> decode_delete_stream_request(std::span<const uint8_t> payload) {
  return detail::decode_request<delete_stream_request>(payload, read_delete_stream_request);
}

}  // namespace whippet::protocol::binary
