#include "protocol/binary/responses/consumer_offset.h"

#include "protocol/binary/decode_support.h"
#include "protocol/binary/primitives.h"

namespace whippet::protocol::binary {

void encode(bytes::byte_writer& w, const consumer_offset_response& o) {
  w.write<uint32_t>(o.partition_id);
  w.write<uint64_t>(o.current_offset);
  w.write<uint64_t>(o.stored_offset);
}

result<consumer_offset_response, status> decode_consumer_offset_response(std::span<const uint8_t> payload) {
  return detail::decode_whole<consumer_offset_response>(
      payload, [](bytes::byte_reader& r) -> result<consumer_offset_response, status> {
        consumer_offset_response o;
        WHIPPET_TRY_ASSIGN(o.partition_id, read_u32(r));
        WHIPPET_TRY_ASSIGN(o.current_offset, read_u64(r));
        WHIPPET_TRY_ASSIGN(o.stored_offset, read_u64(r));
        return o;
      });
}

result<std::optional<consumer_offset_response>, status> decode_stored_consumer_offset(
    std::span<const uint8_t> payload) {
  if (payload.empty()) return std::optional<consumer_offset_response>{};
  auto o = decode_consumer_offset_response(payload);
  if (!o) return fail(o.error());
  return std::optional<consumer_offset_response>{*o};
}

}  // namespace whippet::protocol::binary
