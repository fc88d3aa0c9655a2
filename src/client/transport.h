#pragma once
// transport: how the SDK moves one framed request and its reply. TCP now
// (tcp_transport); QUIC, WebSocket and TLS plug in here.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/error.h"

namespace whippet::client {

struct raw_reply {
  uint32_t status = 0;
  std::vector<uint8_t> payload;
};

class transport {
 public:
  virtual ~transport() = default;
  virtual result<void, error> connect(const std::string& address, std::chrono::milliseconds timeout) = 0;
  virtual bool connected() const noexcept = 0;
  virtual void close() noexcept = 0;
  // Sends [length][code][payload] and reads [status][length][payload].
  virtual result<raw_reply, error> request(uint32_t code, std::span<const uint8_t> payload,
                                           std::chrono::milliseconds timeout) = 0;
};

}  // namespace whippet::client
