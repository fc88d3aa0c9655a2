#include "protocol/binary/requests/get_clients.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_clients_request&) { return {}; }

decode_result<get_clients_request> decode_get_clients_request(std::span<const uint8_t> payload) noexcept {
  return detail::decode_empty_request<get_clients_request>(payload);
}

}  // namespace whippet::protocol::binary
