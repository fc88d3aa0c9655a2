#pragma once
// get_topic (code 300): one topic with its partitions.
//
//   payload = stream:Identifier topic:Identifier
//   reply   = topic details (responses/topic.h)

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_topic_request {
  identifier stream;
  identifier topic;
  static constexpr command_code code = command_code::get_topic;
  bool operator==(const get_topic_request&) const = default;
};

std::vector<uint8_t> encode(const get_topic_request& req);
decode_result<get_topic_request> decode_get_topic_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
