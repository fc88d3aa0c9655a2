#pragma once
// Topic replies: TopicHeader (get_topics lists them) and topic details
// (create_topic, get_topic: the header, then its partitions).
//
//   topic_header  = id:u32 created_at:u64 partitions_count:u32 message_expiry:u64 compression:u8
//                   max_topic_size:u64 replication_factor:u8 size_bytes:u64 messages_count:u64 name:WireName
//   topic_details = topic_header partition*          ; responses/partition.h
//   get_topics    = topic_header*

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "bytes/byte_reader.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/responses/partition.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct topic_header {
  uint32_t id = 0;
  uint64_t created_at = 0;  // µs since the epoch
  uint32_t partitions_count = 0;
  uint64_t message_expiry = 0;  // µs; 0 = server default, UINT64_MAX = never
  compression_algorithm compression = compression_algorithm::none;
  uint64_t max_topic_size = 0;  // bytes; 0 = server default, UINT64_MAX = unlimited
  uint8_t replication_factor = 0;
  uint64_t size_bytes = 0;
  uint64_t messages_count = 0;
  std::string name;
  bool operator==(const topic_header&) const = default;
};

struct topic_details {
  topic_header topic;
  std::vector<partition_response> partitions;  // written as given; the header's count is not re-derived
  bool operator==(const topic_details&) const = default;
};

void encode(bytes::byte_writer& w, const topic_header& t);
void encode(bytes::byte_writer& w, const topic_details& t);

result<topic_header, status> read_topic_header(bytes::byte_reader& r);
result<topic_header, status> decode_topic_header(std::span<const uint8_t> payload);
// The partitions run to the end of the payload, in whole 40-byte entries.
result<topic_details, status> decode_topic_details(std::span<const uint8_t> payload);
result<std::vector<topic_header>, status> decode_topic_list(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
