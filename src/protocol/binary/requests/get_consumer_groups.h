#pragma once
// get_consumer_groups (code 601): a topic's consumer groups.
//
//   payload = stream:Identifier topic:Identifier
//   reply   = ConsumerGroupResponse* (responses/consumer_group.h)

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_consumer_groups_request {
  identifier stream;
  identifier topic;
  static constexpr command_code code = command_code::get_consumer_groups;
  bool operator==(const get_consumer_groups_request&) const = default;
};

std::vector<uint8_t> encode(const get_consumer_groups_request& req);
decode_result<get_consumer_groups_request> decode_get_consumer_groups_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
