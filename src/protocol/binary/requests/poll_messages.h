#pragma once
// poll_messages (code 100): reads messages from a partition.
//
//   payload = consumer:Consumer stream:Identifier topic:Identifier partition_id:(flag:u8 u32)
//             strategy:PollingStrategy count:u32 auto_commit:u8
//   reply   = polled messages header (responses/polled_messages.h) then the messages

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct poll_messages_request {
  binary::consumer consumer;
  identifier stream;
  identifier topic;
  std::optional<uint32_t> partition_id;  // none: the server picks (consumer groups)
  polling_strategy strategy;
  uint32_t count = 0;
  bool auto_commit = false;  // store the last returned offset
  static constexpr command_code code = command_code::poll_messages;
  bool operator==(const poll_messages_request&) const = default;
};

std::vector<uint8_t> encode(const poll_messages_request& req);
decode_result<poll_messages_request> decode_poll_messages_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
