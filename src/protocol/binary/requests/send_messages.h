#pragma once
// send_messages (code 101): appends a batch of messages to a partition.
//
//   payload  = metadata_length:u32 metadata index messages
//   metadata = stream:Identifier topic:Identifier partitioning:Partitioning messages_count:u32
//              (metadata_length is the size of these four fields)
//   index    = messages_count × (0:u32 cumulative_end:u32 0:u64)   ; end of each message in `messages`
//   messages = messages_count × (header[64] payload user_headers)  ; see model/message_layout.h
//   reply    = empty
//
// The decoder does not copy the messages: the request's span points into the
// payload, so the server can rewrite offsets, timestamps and checksums in
// place. It checks that the index and the messages' own sizes agree, so the
// blob can be walked header by header afterwards.

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

inline constexpr size_t send_messages_index_entry_size = 16;

struct send_messages_request {
  identifier stream;
  identifier topic;
  binary::partitioning partitioning;
  uint32_t messages_count = 0;
  std::span<uint8_t> messages;  // messages_count whole messages, inside the decoded payload
  static constexpr command_code code = command_code::send_messages;
};

// The whole payload for a client: builds the index by walking the headers of
// messages_blob, which must hold exactly messages_count (>= 1) whole messages.
std::vector<uint8_t> encode_send_messages(const identifier& stream, const identifier& topic,
                                          const partitioning& partitioning, std::span<const uint8_t> messages_blob,
                                          uint32_t messages_count);
std::vector<uint8_t> encode(const send_messages_request& req);

// Fails with invalid_command when the payload ends before the metadata or the
// index does, with invalid_messages_count when messages_count is 0, and with
// invalid_format when the metadata length, the index or any message size is
// inconsistent, or the messages do not fill the rest of the payload exactly.
// trailing_bytes is always 0.
decode_result<send_messages_request> decode_send_messages_request(std::span<uint8_t> payload);

}  // namespace whippet::protocol::binary
