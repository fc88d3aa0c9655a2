#include "protocol/binary/requests/get_streams.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_streams_request&) { return {}; }

decode_result<get_streams_request> decode_get_streams_request(std::span<const uint8_t> payload) noexcept {
  return detail::decode_empty_request<get_streams_request>(payload);
}

}  // namespace whippet::protocol::binary
