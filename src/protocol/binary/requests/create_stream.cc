#include "protocol/binary/requests/create_stream.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const create_stream_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_wire_name(w, req.name);
  return out;
}

namespace {

result<create_stream_request, status> read_create_stream_request(bytes::byte_reader& r) {
  create_stream_request req;
  WHIPPET_TRY_ASSIGN(req.name, read_wire_name(r));
  return req;
}

}  // namespace

decode_result<create_stream_request> decode_create_stream_request(std::span<const uint8_t> payload) {
  return detail::decode_request<create_stream_request>(payload, read_create_stream_request);
}

}  // namespace whippet::protocol::binary
