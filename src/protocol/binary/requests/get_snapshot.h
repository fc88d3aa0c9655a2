#pragma once
// get_snapshot (code 11): a diagnostic ZIP archive of the server.
//
//   payload = compression:u8 types_count:u8 type:u8 × types_count
//   reply   = the raw ZIP bytes

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

enum class snapshot_compression : uint8_t { stored = 1, deflated = 2, bzip2 = 3, zstd = 4, lzma = 5, xz = 6 };

enum class snapshot_type : uint8_t {
  filesystem_overview = 1,
  process_list = 2,
  resource_usage = 3,
  test = 4,
  server_logs = 5,
  server_config = 6,
  all = 100,
};

struct get_snapshot_request {
  snapshot_compression compression = snapshot_compression::deflated;
  std::vector<snapshot_type> types;  // at most 255
  static constexpr command_code code = command_code::get_snapshot;
  bool operator==(const get_snapshot_request&) const = default;
};

std::vector<uint8_t> encode(const get_snapshot_request& req);
// An unknown compression or snapshot type is invalid_format.
decode_result<get_snapshot_request> decode_get_snapshot_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
