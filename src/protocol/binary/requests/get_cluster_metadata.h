#pragma once
// get_cluster_metadata (code 12): cluster nodes (0.6+).
//
//   payload = (empty)
//   reply   = cluster metadata (responses/cluster_metadata.h); a single node
//             answers with itself as the only node, the leader

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_cluster_metadata_request {
  static constexpr command_code code = command_code::get_cluster_metadata;
  bool operator==(const get_cluster_metadata_request&) const = default;
};

std::vector<uint8_t> encode(const get_cluster_metadata_request& req);
decode_result<get_cluster_metadata_request> decode_get_cluster_metadata_request(std::span<const uint8_t> payload) noexcept;

}  // namespace whippet::protocol::binary
