#include "protocol/binary/requests/logout_user.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const logout_user_request&) { return {}; }

decode_result<logout_user_request> decode_logout_user_request(std::span<const uint8_t> payload) noexcept {
  return detail::decode_empty_request<logout_user_request>(payload);
}

}  // namespace whippet::protocol::binary
