#pragma once
// get_stats (code 10): server statistics.
//
//   payload = (empty)
//   reply   = stats (responses/stats.h)

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_stats_request {
  static constexpr command_code code = command_code::get_stats;
  bool operator==(const get_stats_request&) const = default;
};

std::vector<uint8_t> encode(const get_stats_request& req);
decode_result<get_stats_request> decode_get_stats_request(std::span<const uint8_t> payload) noexcept;

}  // namespace whippet::protocol::binary
