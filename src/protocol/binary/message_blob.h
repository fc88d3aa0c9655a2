#pragma once
// Walking a blob of messages as they travel in send_messages and in
// poll_messages replies:
//
//   blob    = message*
//   message = header[64] payload[payload_length] user_headers[user_headers_length]
//
// user_headers_length is the u32 at header offset 48, payload_length the u32
// at offset 52 (model/message_layout.h). Only the sizes are checked here; the
// contents are the storage layer's business.

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

// The size of the message that starts at `at`: 64 + payload_length +
// user_headers_length. invalid_format if the header does not fit in the blob.
// The size may still run past the blob's end; callers compare.
result<uint64_t, status> message_size_at(std::span<const uint8_t> blob, size_t at);

// The cumulative end position of each message. invalid_format unless the
// blob holds exactly `count` whole messages.
result<std::vector<uint32_t>, status> message_end_positions(std::span<const uint8_t> blob, uint32_t count);

}  // namespace whippet::protocol::binary
