#include "protocol/binary/requests/ping.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const ping_request&) { return {}; }

result<ping_request, status> decode_ping_request(std::span<const uint8_t> payload) noexcept {
  if (!payload.empty()) return fail(status::invalid_format);
  return ping_request{};
}

}  // namespace whippet::protocol::binary
