#include "protocol/binary/requests/get_personal_access_tokens.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_personal_access_tokens_request&) { return {}; }

result<get_personal_access_tokens_request, status> decode_get_personal_access_tokens_request(std::span<const uint8_t> payload) noexcept {
  if (!payload.empty()) return fail(status::invalid_format);
  return get_personal_access_tokens_request{};
}

}  // namespace whippet::protocol::binary
