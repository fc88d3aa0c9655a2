#pragma once
// Stream replies: StreamResponse (create_stream, and get_streams lists them)
// and stream details (get_stream: the stream, then its topics).
//
//   stream_response = id:u32 created_at:u64 topics_count:u32 size_bytes:u64 messages_count:u64 name:WireName
//   stream_details  = stream_response topic_header*     ; responses/topic.h
//   get_streams     = stream_response*

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "bytes/byte_reader.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/responses/topic.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct stream_response {
  uint32_t id = 0;
  uint64_t created_at = 0;  // µs since the epoch
  uint32_t topics_count = 0;
  uint64_t size_bytes = 0;
  uint64_t messages_count = 0;
  std::string name;
  bool operator==(const stream_response&) const = default;
};

struct stream_details {
  stream_response stream;
  std::vector<topic_header> topics;  // written as given; the stream's count is not re-derived
  bool operator==(const stream_details&) const = default;
};

void encode(bytes::byte_writer& w, const stream_response& s);
void encode(bytes::byte_writer& w, const stream_details& s);

result<stream_response, status> read_stream_response(bytes::byte_reader& r);
result<stream_response, status> decode_stream_response(std::span<const uint8_t> payload);
// The topic headers run to the end of the payload.
result<stream_details, status> decode_stream_details(std::span<const uint8_t> payload);
result<std::vector<stream_response>, status> decode_stream_list(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
