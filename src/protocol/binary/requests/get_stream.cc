#include "protocol/binary/requests/get_stream.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_stream_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  return out;
}

namespace {

result<get_stream_request, status> read_get_stream_request(bytes::byte_reader& r) {
  get_stream_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  return req;
}

}  // namespace

decode_result<get_stream_request> decode_get_stream_request(std::span<const uint8_t> payload) {
  return detail::decode_request<get_stream_request>(payload, read_get_stream_request);
}

}  // namespace whippet::protocol::binary
