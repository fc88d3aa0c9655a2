#include "protocol/binary/requests/get_stats.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_stats_request&) { return {}; }

result<get_stats_request, status> decode_get_stats_request(std::span<const uint8_t> payload) noexcept {
  if (!payload.empty()) return fail(status::invalid_format);
  return get_stats_request{};
}

}  // namespace whippet::protocol::binary
