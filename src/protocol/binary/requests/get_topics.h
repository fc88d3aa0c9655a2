#pragma once
// get_topics (code 301): a stream's topics.
//
//   payload = stream:Identifier
//   reply   = TopicHeader* (responses/topic.h)

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_topics_request {
  identifier stream;
  static constexpr command_code code = command_code::get_topics;
  bool operator==(const get_topics_request&) const = default;
};

std::vector<uint8_t> encode(const get_topics_request& req);
decode_result<get_topics_request> decode_get_topics_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
