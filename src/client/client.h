#pragma once
// client: Whippet's C++ SDK over the native (Iggy classic) protocol. One
// method per command, named like the command.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/error.h"
#include "client/tcp_transport.h"

namespace whippet::client {

struct client_options {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};
};

class client {
 public:
  static result<client, error> connect(const std::string& address, client_options options = {});

  // Sends any command and returns the OK payload, or the server's error status.
  result<std::vector<uint8_t>, error> send_raw(uint32_t code, std::span<const uint8_t> payload);

  result<void, error> ping();

 private:
  client(tcp_transport transport, client_options options) : transport_(std::move(transport)), options_(options) {}

  tcp_transport transport_;
  client_options options_;
};

}  // namespace whippet::client
