#include "protocol/binary/responses/polled_messages.h"

#include "protocol/binary/decode_support.h"
#include "protocol/binary/message_blob.h"
#include "protocol/binary/primitives.h"

namespace whippet::protocol::binary {

void encode(bytes::byte_writer& w, const polled_messages_header& h) {
  w.write<uint32_t>(h.partition_id);
  w.write<uint64_t>(h.current_offset);
  w.write<uint32_t>(h.messages_count);
}

result<polled_messages_header, status> read_polled_messages_header(bytes::byte_reader& r) {
  polled_messages_header h;
  WHIPPET_TRY_ASSIGN(h.partition_id, read_u32(r));
  WHIPPET_TRY_ASSIGN(h.current_offset, read_u64(r));
  WHIPPET_TRY_ASSIGN(h.messages_count, read_u32(r));
  return h;
}

result<polled_messages, status> decode_polled_messages(std::span<const uint8_t> payload) {
  bytes::byte_reader r(payload);
  polled_messages out;
  WHIPPET_TRY_ASSIGN(out.header, read_polled_messages_header(r));
  out.messages = payload.subspan(r.position());
  WHIPPET_TRY(message_end_positions(out.messages, out.header.messages_count));
  return out;
}

}  // namespace whippet::protocol::binary
