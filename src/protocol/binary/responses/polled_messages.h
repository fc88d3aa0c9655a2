#pragma once
// The reply to poll_messages: a 16-byte header, then the messages themselves
// (no index array). The server writes the header and appends the message
// bytes straight from storage.
//
//   polled_messages = partition_id:u32 current_offset:u64 messages_count:u32
//                     (header[64] payload user_headers) × messages_count   ; model/message_layout.h

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/result.h"
#include "bytes/byte_reader.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

inline constexpr size_t polled_messages_header_size = 16;

struct polled_messages_header {
  uint32_t partition_id = 0;
  uint64_t current_offset = 0;  // the partition's last offset
  uint32_t messages_count = 0;
  bool operator==(const polled_messages_header&) const = default;
};

struct polled_messages {
  polled_messages_header header;
  std::span<const uint8_t> messages;  // header.messages_count whole messages, inside the decoded payload
};

void encode(bytes::byte_writer& w, const polled_messages_header& h);
result<polled_messages_header, status> read_polled_messages_header(bytes::byte_reader& r);
// The header and a view of the messages after it; invalid_format unless they
// are exactly messages_count whole messages.
result<polled_messages, status> decode_polled_messages(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
