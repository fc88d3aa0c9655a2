#include "protocol/binary/requests/ping.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const ping_request&) { return {}; }

decode_result<ping_request> decode_ping_request(std::span<const uint8_t> payload) noexcept {
  return detail::decode_empty_request<ping_request>(payload);
}

}  // namespace whippet::protocol::binary
