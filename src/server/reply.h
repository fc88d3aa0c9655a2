#pragma once
// reply: a handler's answer, before framing. An error reply never carries a
// payload (the connection enforces it). `files` are segment-file ranges sent
// after the payload with sendfile(2): message bytes never pass through user
// space on their way to the client.

#include <cstdint>
#include <vector>

#include "protocol/binary/status.h"
#include "storage/partition_log.h"

namespace whippet::server {

struct reply {
  protocol::binary::status status = protocol::binary::status::ok;
  std::vector<uint8_t> payload;
  std::vector<storage::file_range> files;

  static reply ok(std::vector<uint8_t> payload = {}) { return {protocol::binary::status::ok, std::move(payload), {}}; }
  static reply error(protocol::binary::status s) { return {s, {}, {}}; }
};

}  // namespace whippet::server
