#pragma once
// PartitionResponse, 40 bytes: one partition in topic details.
//
//   partition = id:u32 created_at:u64 segments_count:u32 current_offset:u64 size_bytes:u64 messages_count:u64

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/result.h"
#include "bytes/byte_reader.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

inline constexpr size_t partition_response_size = 40;

struct partition_response {
  uint32_t id = 0;
  uint64_t created_at = 0;  // µs since the epoch
  uint32_t segments_count = 0;
  uint64_t current_offset = 0;
  uint64_t size_bytes = 0;
  uint64_t messages_count = 0;
  bool operator==(const partition_response&) const = default;
};

void encode(bytes::byte_writer& w, const partition_response& p);
result<partition_response, status> read_partition_response(bytes::byte_reader& r);
result<partition_response, status> decode_partition_response(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
