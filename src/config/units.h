#pragma once
// Parsers for the human-friendly values of the configuration file:
// sizes ("1 GiB", "10 MB", "512"), durations ("30 s", "100 ms", "1 m") and
// listen addresses ("127.0.0.1:8090", "[::1]:8090").

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace whippet::config {

// Bytes; decimal units (kB, MB, GB, TB) are powers of 1000, binary units
// (KiB, MiB, GiB, TiB) powers of 1024. A bare number is bytes.
std::optional<uint64_t> parse_size(std::string_view text);

// Units ns, us, ms, s, m (or min), h, d; a bare number is seconds.
std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text);

struct socket_address {
  std::string host;  // numeric IPv4 or IPv6, without brackets
  uint16_t port = 0;
  bool is_ipv6 = false;
  std::string to_string() const;  // "127.0.0.1:8090" or "[::1]:8090"
};

std::optional<socket_address> parse_socket_address(std::string_view text);

}  // namespace whippet::config
