#include "protocol/binary/requests/get_personal_access_tokens.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_personal_access_tokens_request&) { return {}; }

decode_result<get_personal_access_tokens_request> decode_get_personal_access_tokens_request(std::span<const uint8_t> payload) noexcept {
  return detail::decode_empty_request<get_personal_access_tokens_request>(payload);
}

}  // namespace whippet::protocol::binary
