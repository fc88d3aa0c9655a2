#pragma once
// create_consumer_group (code 602): adds a consumer group (0.6+ layout: the server assigns the id).
//
//   payload = stream:Identifier topic:Identifier name:WireName
//   reply   = ConsumerGroupResponse (responses/consumer_group.h)

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct create_consumer_group_request {
  identifier stream;
  identifier topic;
  std::string name;
  static constexpr command_code code = command_code::create_consumer_group;
  bool operator==(const create_consumer_group_request&) const = default;
};

std::vector<uint8_t> encode(const create_consumer_group_request& req);
decode_result<create_consumer_group_request> decode_create_consumer_group_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
