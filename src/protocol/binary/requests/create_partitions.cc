#include "protocol/binary/requests/create_partitions.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const create_partitions_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_identifier(w, req.stream);
  write_identifier(w, req.topic);
  w.write<uint32_t>(req.partitions_count);
  return out;
}

namespace {

result<create_partitions_request, status> read_create_partitions_request(bytes::byte_reader& r) {
  create_partitions_request req;
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.topic, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.partitions_count, read_u32(r));
  return req;
}

}  // namespace

decode_result<create_partitions_request> decode_create_partitions_request(std::span<const uint8_t> payload) {
  return detail::decode_request<create_partitions_request>(payload, read_create_partitions_request);
}

}  // namespace whippet::protocol::binary
