#pragma once
// join_consumer_group (code 604): makes this connection a member of a group.
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

struct join_consumer_group_request {
  identifier stream;
  identifier topic;
  identifier group;
  static constexpr command_code code = command_code::join_consumer_group;
  bool operator==(const join_consumer_group_request&) const = default;
};

std::vector<uint8_t> encode(const join_consumer_group_request& req);
decode_result<join_consumer_group_request> decode_join_consumer_group_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
