#pragma once
// store_consumer_offset (code 121): stores a consumer's offset.
//
//   payload = consumer:Consumer stream:Identifier topic:Identifier partition_id:(flag:u8 u32)
//             offset:u64
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

struct store_consumer_offset_request {
  binary::consumer consumer;
  identifier stream;
  identifier topic;
  std::optional<uint32_t> partition_id;  // none: the server picks (consumer groups)
  uint64_t offset = 0;
  static constexpr command_code code = command_code::store_consumer_offset;
  bool operator==(const store_consumer_offset_request&) const = default;
};

std::vector<uint8_t> encode(const store_consumer_offset_request& req);
decode_result<store_consumer_offset_request> decode_store_consumer_offset_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
