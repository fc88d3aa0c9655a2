#pragma once
// reply: a handler's answer, before framing. An error reply never carries a
// payload (the frame codec enforces it).

#include <cstdint>
#include <vector>

#include "protocol/binary/status.h"

namespace whippet::server {

struct reply {
  protocol::binary::status status = protocol::binary::status::ok;
  std::vector<uint8_t> payload;

  static reply ok(std::vector<uint8_t> payload = {}) { return {protocol::binary::status::ok, std::move(payload)}; }
  static reply error(protocol::binary::status s) { return {s, {}}; }
};

}  // namespace whippet::server
