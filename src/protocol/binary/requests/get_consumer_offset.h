#pragma once
// get_consumer_offset (code 120): a consumer's stored offset.
//
//   payload = consumer:Consumer stream:Identifier topic:Identifier partition_id:(flag:u8 u32)
//   reply   = [partition_id:u32][current_offset:u64][stored_offset:u64]
//             (responses/consumer_offset.h), or empty OK when nothing is stored

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

struct get_consumer_offset_request {
  binary::consumer consumer;
  identifier stream;
  identifier topic;
  std::optional<uint32_t> partition_id;  // none: the server picks (consumer groups)
  static constexpr command_code code = command_code::get_consumer_offset;
  bool operator==(const get_consumer_offset_request&) const = default;
};

std::vector<uint8_t> encode(const get_consumer_offset_request& req);
decode_result<get_consumer_offset_request> decode_get_consumer_offset_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
