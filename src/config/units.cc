#include "config/units.h"

#include <arpa/inet.h>

#include <array>
#include <cctype>
#include <charconv>
#include <utility>

namespace whippet::config {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits "12.5 MiB" into 12.5 and "MiB".
std::optional<std::pair<double, std::string_view>> split_number(std::string_view text) {
  text = trim(text);
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + i, value);
  if (ec != std::errc() || ptr != text.data() + i) return std::nullopt;
  return std::pair{value, trim(text.substr(i))};
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

}  // namespace

std::optional<uint64_t> parse_size(std::string_view text) {
  auto parts = split_number(text);
  if (!parts) return std::nullopt;
  auto [value, unit] = *parts;
  static constexpr std::array<std::pair<std::string_view, double>, 10> units = {{
      {"", 1.0},
      {"B", 1.0},
      {"kB", 1e3},
      {"MB", 1e6},
      {"GB", 1e9},
      {"TB", 1e12},
      {"KiB", 1024.0},
      {"MiB", 1024.0 * 1024},
      {"GiB", 1024.0 * 1024 * 1024},
      {"TiB", 1024.0 * 1024 * 1024 * 1024},
  }};
  for (const auto& [name, factor] : units) {
    if (iequals(unit, name)) {
      const double bytes = value * factor;
      if (bytes > 1.8e19) return std::nullopt;
      return static_cast<uint64_t>(bytes);
    }
  }
  return std::nullopt;
}

std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  auto parts = split_number(text);
  if (!parts) return std::nullopt;
  auto [value, unit] = *parts;
  static constexpr std::array<std::pair<std::string_view, double>, 9> units = {{
      {"", 1e9},
      {"ns", 1.0},
      {"us", 1e3},
      {"ms", 1e6},
      {"s", 1e9},
      {"m", 60e9},
      {"min", 60e9},
      {"h", 3600e9},
      {"d", 86400e9},
  }};
  for (const auto& [name, factor] : units) {
    if (unit == name) {
      const double ns = value * factor;
      if (ns > 9.2e18) return std::nullopt;
      return std::chrono::nanoseconds(static_cast<int64_t>(ns));
    }
  }
  return std::nullopt;
}

std::string socket_address::to_string() const {
  return is_ipv6 ? "[" + host + "]:" + std::to_string(port) : host + ":" + std::to_string(port);
}

std::optional<socket_address> parse_socket_address(std::string_view text) {
  text = trim(text);
  socket_address out;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
    out.host = std::string(text.substr(1, close - 1));
    out.is_ipv6 = true;
    port_text = text.substr(close + 2);
    in6_addr a6{};
    if (inet_pton(AF_INET6, out.host.c_str(), &a6) != 1) return std::nullopt;
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    out.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
    in_addr a4{};
    if (inet_pton(AF_INET, out.host.c_str(), &a4) != 1) return std::nullopt;
  }
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535)
    return std::nullopt;
  out.port = static_cast<uint16_t>(port);
  return out;
}

}  // namespace whippet::config
