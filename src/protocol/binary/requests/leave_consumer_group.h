#pragma once
// leave_consumer_group (code 605): ends this connection's membership of a group.
//
//   payload = stream:Identifier topic:Identifier group:Identifier
//   reply   = empty

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct leave_consumer_group_request {
  identifier stream;
  identifier topic;
  identifier group;
  static constexpr command_code code = command_code::leave_consumer_group;
  bool operator==(const leave_consumer_group_request&) const = default;
};

std::vector<uint8_t> encode(const leave_consumer_group_request& req);
decode_result<leave_consumer_group_request> decode_leave_consumer_group_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
