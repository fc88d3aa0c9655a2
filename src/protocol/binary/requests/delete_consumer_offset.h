#pragma once
// delete_consumer_offset (code 122): forgets a consumer's offset.
//
//   payload = consumer:Consumer stream:Identifier topic:Identifier partition_id:(flag:u8 u32)
//   reply   = empty

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

struct delete_consumer_offset_request {
  binary::consumer consumer;
  identifier stream;
  identifier topic;
  std::optional<uint32_t> partition_id;  // none: the server picks (consumer groups)
  static constexpr command_code code = command_code::delete_consumer_offset;
  bool operator==(const delete_consumer_offset_request&) const = default;
};

std::vector<uint8_t> encode(const delete_consumer_offset_request& req);
decode_result<delete_consumer_offset_request> decode_delete_consumer_offset_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
