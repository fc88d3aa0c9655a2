#include "protocol/binary/requests/get_users.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_users_request&) { return {}; }

decode_result<get_users_request> decode_get_users_request(std::span<const uint8_t> payload) noexcept {
  return detail::decode_empty_request<get_users_request>(payload);
}

}  // namespace whippet::protocol::binary
