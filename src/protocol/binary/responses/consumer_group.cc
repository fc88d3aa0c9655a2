#include "protocol/binary/responses/consumer_group.h"

#include "protocol/binary/decode_support.h"
#include "protocol/binary/primitives.h"

namespace whippet::protocol::binary {

void encode(bytes::byte_writer& w, const consumer_group_response& g) {
  w.write<uint32_t>(g.id);
  w.write<uint32_t>(g.partitions_count);
  w.write<uint32_t>(g.members_count);
  write_wire_name(w, g.name);
}

void encode(bytes::byte_writer& w, const consumer_group_member& m) {
  w.write<uint32_t>(m.id);
  w.write<uint32_t>(static_cast<uint32_t>(m.partitions.size()));
  for (uint32_t p : m.partitions) w.write<uint32_t>(p);
}

void encode(bytes::byte_writer& w, const consumer_group_details& g) {
  encode(w, g.group);
  for (const auto& m : g.members) encode(w, m);
}

result<consumer_group_response, status> read_consumer_group_response(bytes::byte_reader& r) {
  consumer_group_response g;
  WHIPPET_TRY_ASSIGN(g.id, read_u32(r));
  WHIPPET_TRY_ASSIGN(g.partitions_count, read_u32(r));
  WHIPPET_TRY_ASSIGN(g.members_count, read_u32(r));
  WHIPPET_TRY_ASSIGN(g.name, read_wire_name(r));
  return g;
}

result<consumer_group_member, status> read_consumer_group_member(bytes::byte_reader& r) {
  consumer_group_member m;
  uint32_t count = 0;
  WHIPPET_TRY_ASSIGN(m.id, read_u32(r));
  WHIPPET_TRY_ASSIGN(count, read_u32(r));
  if (count > r.remaining() / 4) return fail(status::invalid_format);
  m.partitions.resize(count);
  for (uint32_t& p : m.partitions) WHIPPET_TRY_ASSIGN(p, read_u32(r));
  return m;
}

result<consumer_group_response, status> decode_consumer_group_response(std::span<const uint8_t> payload) {
  return detail::decode_whole<consumer_group_response>(payload, read_consumer_group_response);
}

result<consumer_group_details, status> decode_consumer_group_details(std::span<const uint8_t> payload) {
  bytes::byte_reader r(payload);
  consumer_group_details g;
  WHIPPET_TRY_ASSIGN(g.group, read_consumer_group_response(r));
  WHIPPET_TRY_ASSIGN(g.members, detail::read_until_end<consumer_group_member>(r, read_consumer_group_member));
  return g;
}

result<std::vector<consumer_group_response>, status> decode_consumer_group_list(std::span<const uint8_t> payload) {
  return detail::decode_list<consumer_group_response>(payload, read_consumer_group_response);
}

}  // namespace whippet::protocol::binary
