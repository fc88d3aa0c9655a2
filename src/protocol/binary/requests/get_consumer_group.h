#pragma once
// get_consumer_group (code 600): one consumer group with its members.
//
//   payload = stream:Identifier topic:Identifier group:Identifier
//   reply   = consumer group details (responses/consumer_group.h)

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_consumer_group_request {
  identifier stream;
  identifier topic;
  identifier group;
  static constexpr command_code code = command_code::get_consumer_group;
  bool operator==(const get_consumer_group_request&) const = default;
};

std::vector<uint8_t> encode(const get_consumer_group_request& req);
decode_result<get_consumer_group_request> decode_get_consumer_group_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
