#include "protocol/binary/requests/get_me.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_me_request&) { return {}; }

result<get_me_request, status> decode_get_me_request(std::span<const uint8_t> payload) noexcept {
  if (!payload.empty()) return fail(status::invalid_format);
  return get_me_request{};
}

}  // namespace whippet::protocol::binary
