#pragma once
// raw_socket: a plain blocking TCP socket for tests that write exact bytes
// (valid or not) and read exact replies. Every read is bounded by a timeout.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace whippet::testkit {

class raw_socket {
 public:
  explicit raw_socket(const std::string& host_port);
  ~raw_socket();
  raw_socket(const raw_socket&) = delete;
  raw_socket& operator=(const raw_socket&) = delete;

  bool connected() const { return fd_ >= 0; }
  bool send(std::span<const uint8_t> bytes);
  // Exactly n bytes, or nullopt on EOF, error or timeout.
  std::optional<std::vector<uint8_t>> recv_exact(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // True when the peer closes (EOF or reset) within `timeout`; data before that is discarded.
  bool wait_closed(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  void shutdown_write();
  // Closes with a FIN (an orderly close) or, with reset, with an RST (SO_LINGER 0).
  void close(bool reset = false);
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

}  // namespace whippet::testkit
