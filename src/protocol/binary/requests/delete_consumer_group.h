#pragma once
// delete_consumer_group (code 603): removes a consumer group.
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

struct delete_consumer_group_request {
  identifier stream;
  identifier topic;
  identifier group;
  static constexpr command_code code = command_code::delete_consumer_group;
  bool operator==(const delete_consumer_group_request&) const = default;
};

std::vector<uint8_t> encode(const delete_consumer_group_request& req);
decode_result<delete_consumer_group_request> decode_delete_consumer_group_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
