#include "protocol/binary/requests/logout_user.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const logout_user_request&) { return {}; }

result<logout_user_request, status> decode_logout_user_request(std::span<const uint8_t> payload) noexcept {
  if (!payload.empty()) return fail(status::invalid_format);
  return logout_user_request{};
}

}  // namespace whippet::protocol::binary
