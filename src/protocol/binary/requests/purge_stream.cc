#include "protocol/binary/requests/purge_stream.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const purge_stream_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  return out;
}

namespace {

result<purge_stream_request, status> read_purge_stream_request(bytes::byte_reader& r) {
  purge_stream_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  return req;
}

}  // namespace

decode_result<purge_stream_request> decode_purge_stream_request(std::span<const uint8_t> payload) {
  return detail::decode_request<purge_stream_request>(payload, read_purge_stream_request);
}

}  // namespace whippet::protocol::binary
