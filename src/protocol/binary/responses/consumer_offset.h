#pragma once
// The reply to get_consumer_offset. When nothing is stored the reply is an
// empty OK instead.
//
//   consumer_offset = partition_id:u32 current_offset:u64 stored_offset:u64

#include <cstdint>
#include <optional>
#include <span>

#include "base/result.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct consumer_offset_response {
  uint32_t partition_id = 0;
  uint64_t current_offset = 0;  // the partition's last offset
  uint64_t stored_offset = 0;   // the consumer's
  bool operator==(const consumer_offset_response&) const = default;
};

void encode(bytes::byte_writer& w, const consumer_offset_response& o);
result<consumer_offset_response, status> decode_consumer_offset_response(std::span<const uint8_t> payload);
// The whole reply: empty means nothing is stored.
result<std::optional<consumer_offset_response>, status> decode_stored_consumer_offset(
    std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
