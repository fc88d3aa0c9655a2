#include "protocol/binary/responses/client.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

void encode(bytes::byte_writer& w, const client_response& c) {
  w.write<uint32_t>(c.client_id);
  w.write<uint32_t>(c.user_id);
  w.write<uint8_t>(static_cast<uint8_t>(c.transport));
  write_u32_string(w, c.address);
  w.write<uint32_t>(c.consumer_groups_count);
}

void encode(bytes::byte_writer& w, const client_details& c) {
  w.write<uint32_t>(c.client_id);
  w.write<uint32_t>(c.user_id);
  w.write<uint8_t>(static_cast<uint8_t>(c.transport));
  write_u32_string(w, c.address);
  w.write<uint32_t>(static_cast<uint32_t>(c.consumer_groups.size()));
  for (const auto& g : c.consumer_groups) {
    w.write<uint32_t>(g.stream_id);
    w.write<uint32_t>(g.topic_id);
    w.write<uint32_t>(g.group_id);
  }
}

result<client_response, status> read_client_response(bytes::byte_reader& r) {
  client_response c;
  WHIPPET_TRY_ASSIGN(c.client_id, read_u32(r));
  WHIPPET_TRY_ASSIGN(c.user_id, read_u32(r));
  WHIPPET_TRY_ASSIGN(c.transport, read_transport_kind(r));
  WHIPPET_TRY_ASSIGN(c.address, read_u32_string(r));
  WHIPPET_TRY_ASSIGN(c.consumer_groups_count, read_u32(r));
  return c;
}

result<client_response, status> decode_client_response(std::span<const uint8_t> payload) {
  return detail::decode_whole<client_response>(payload, read_client_response);
}

result<client_details, status> decode_client_details(std::span<const uint8_t> payload) {
  bytes::byte_reader r(payload);
  client_response head;
  WHIPPET_TRY_ASSIGN(head, read_client_response(r));
  if (head.consumer_groups_count > r.remaining() / 12) return fail(status::invalid_format);
  client_details c{head.client_id, head.user_id, head.transport, std::move(head.address), {}};
  c.consumer_groups.resize(head.consumer_groups_count);
  for (auto& g : c.consumer_groups) {
    WHIPPET_TRY_ASSIGN(g.stream_id, read_u32(r));
    WHIPPET_TRY_ASSIGN(g.topic_id, read_u32(r));
    WHIPPET_TRY_ASSIGN(g.group_id, read_u32(r));
  }
  WHIPPET_TRY(expect_end(r));
  return c;
}

result<std::vector<client_response>, status> decode_client_list(std::span<const uint8_t> payload) {
  return detail::decode_list<client_response>(payload, read_client_response);
}

}  // namespace whippet::protocol::binary
