#include "protocol/binary/responses/partition.h"

#include "protocol/binary/decode_support.h"
#include "protocol/binary/primitives.h"

namespace whippet::protocol::binary {

void encode(bytes::byte_writer& w, const partition_response& p) {
  w.write<uint32_t>(p.id);
  w.write<uint64_t>(p.created_at);
  w.write<uint32_t>(p.segments_count);
  w.write<uint64_t>(p.current_offset);
  w.write<uint64_t>(p.size_bytes);
  w.write<uint64_t>(p.messages_count);
}

result<partition_response, status> read_partition_response(bytes::byte_reader& r) {
  partition_response p;
  WHIPPET_TRY_ASSIGN(p.id, read_u32(r));
  WHIPPET_TRY_ASSIGN(p.created_at, read_u64(r));
  WHIPPET_TRY_ASSIGN(p.segments_count, read_u32(r));
  WHIPPET_TRY_ASSIGN(p.current_offset, read_u64(r));
  WHIPPET_TRY_ASSIGN(p.size_bytes, read_u64(r));
  WHIPPET_TRY_ASSIGN(p.messages_count, read_u64(r));
  return p;
}

result<partition_response, status> decode_partition_response(std::span<const uint8_t> payload) {
  return detail::decode_whole<partition_response>(payload, read_partition_response);
}

}  // namespace whippet::protocol::binary
