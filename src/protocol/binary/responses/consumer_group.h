#pragma once
// Consumer group replies: ConsumerGroupResponse (create_consumer_group, and
// get_consumer_groups lists them) and group details (get_consumer_group: the
// group, then its members).
//
//   consumer_group_response = id:u32 partitions_count:u32 members_count:u32 name:WireName
//   member                  = member_id:u32 partitions_count:u32 partition_id:u32 × partitions_count
//   consumer_group_details  = consumer_group_response member*
//   get_consumer_groups     = consumer_group_response*

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "bytes/byte_reader.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct consumer_group_response {
  uint32_t id = 0;
  uint32_t partitions_count = 0;
  uint32_t members_count = 0;
  std::string name;
  bool operator==(const consumer_group_response&) const = default;
};

struct consumer_group_member {
  uint32_t id = 0;
  std::vector<uint32_t> partitions;  // the partition ids assigned to this member
  bool operator==(const consumer_group_member&) const = default;
};

struct consumer_group_details {
  consumer_group_response group;
  std::vector<consumer_group_member> members;  // written as given; members_count is not re-derived
  bool operator==(const consumer_group_details&) const = default;
};

void encode(bytes::byte_writer& w, const consumer_group_response& g);
void encode(bytes::byte_writer& w, const consumer_group_member& m);
void encode(bytes::byte_writer& w, const consumer_group_details& g);

result<consumer_group_response, status> read_consumer_group_response(bytes::byte_reader& r);
result<consumer_group_member, status> read_consumer_group_member(bytes::byte_reader& r);
result<consumer_group_response, status> decode_consumer_group_response(std::span<const uint8_t> payload);
// The members run to the end of the payload.
result<consumer_group_details, status> decode_consumer_group_details(std::span<const uint8_t> payload);
result<std::vector<consumer_group_response>, status> decode_consumer_group_list(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
