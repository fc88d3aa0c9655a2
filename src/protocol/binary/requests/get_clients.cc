#include "protocol/binary/requests/get_clients.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_clients_request&) { return {}; }

result<get_clients_request, status> decode_get_clients_request(std::span<const uint8_t> payload) noexcept {
  if (!payload.empty()) return fail(status::invalid_format);
  return get_clients_request{};
}

}  // namespace whippet::protocol::binary
