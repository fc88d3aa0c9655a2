#include "protocol/binary/requests/get_users.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_users_request&) { return {}; }

result<get_users_request, status> decode_get_users_request(std::span<const uint8_t> payload) noexcept {
  if (!payload.empty()) return fail(status::invalid_format);
  return get_users_request{};
}

}  // namespace whippet::protocol::binary
