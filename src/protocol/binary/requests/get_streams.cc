#include "protocol/binary/requests/get_streams.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_streams_request&) { return {}; }

result<get_streams_request, status> decode_get_streams_request(std::span<const uint8_t> payload) noexcept {
  if (!payload.empty()) return fail(status::invalid_format);
  return get_streams_request{};
}

}  // namespace whippet::protocol::binary
