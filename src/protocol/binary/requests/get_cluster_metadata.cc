#include "protocol/binary/requests/get_cluster_metadata.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_cluster_metadata_request&) { return {}; }

result<get_cluster_metadata_request, status> decode_get_cluster_metadata_request(std::span<const uint8_t> payload) noexcept {
  if (!payload.empty()) return fail(status::invalid_format);
  return get_cluster_metadata_request{};
}

}  // namespace whippet::protocol::binary
