#pragma once
// tcp_transport: a blocking TCP connection that sends one framed request and
// reads its reply, every wait bounded by a timeout. Not thread-safe: one
// request at a time, as the protocol requires.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/error.h"
#include "client/transport.h"

namespace whippet::client {

class tcp_transport final : public transport {
 public:
  tcp_transport() = default;
  ~tcp_transport() override;
  tcp_transport(tcp_transport&& other) noexcept;
  tcp_transport& operator=(tcp_transport&& other) noexcept;
  tcp_transport(const tcp_transport&) = delete;
  tcp_transport& operator=(const tcp_transport&) = delete;

  // address: "host:port" or "[v6]:port"; host may be a name.
  result<void, error> connect(const std::string& address, std::chrono::milliseconds timeout) override;
  bool connected() const noexcept override { return fd_ >= 0; }
  void close() noexcept override;

  // Sends [length][code][payload] and reads [status][length][payload].
  result<raw_reply, error> request(uint32_t code, std::span<const uint8_t> payload,
                                   std::chrono::milliseconds timeout) override;

 private:
  result<void, error> send_all(std::span<const uint8_t> bytes, std::chrono::steady_clock::time_point deadline);
  result<void, error> recv_all(std::span<uint8_t> bytes, std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
};

}  // namespace whippet::client
