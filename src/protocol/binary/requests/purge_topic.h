#pragma once
// purge_topic (code 305): deletes every message of a topic.
//
//   payload = stream:Identifier topic:Identifier
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

struct purge_topic_request {
  identifier stream;
  identifier topic;
  static constexpr command_code code = command_code::purge_topic;
  bool operator==(const purge_topic_request&) const = default;
};

std::vector<uint8_t> encode(const purge_topic_request& req);
decode_result<purge_topic_request> decode_purge_topic_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
