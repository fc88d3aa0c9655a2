#include "protocol/binary/requests/get_cluster_metadata.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const get_cluster_metadata_request&) { return {}; }

decode_result<get_cluster_metadata_request> decode_get_cluster_metadata_request(std::span<const uint8_t> payload) noexcept {
  return detail::decode_empty_request<get_cluster_metadata_request>(payload);
}

}  // namespace whippet::protocol::binary
