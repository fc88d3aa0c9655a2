#include "message_headers.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <limits>
#include <optional>

#include "bytes/endian.h"
#include "commands.h"
#include "output.h"

namespace whippet::cli {
namespace {

constexpr std::array<const char*, 16> kind_names = {"?",      "raw",    "string", "bool",   "int8",    "int16",
                                                    "int32",  "int64",  "int128", "uint8",  "uint16",  "uint32",
                                                    "uint64", "uint128", "float32", "float64"};

std::optional<uint8_t> kind_by_name(const std::string& name) {
  for (uint8_t k = 1; k < kind_names.size(); ++k)
    if (name == kind_names[k]) return k;
  return std::nullopt;
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

template <typename T>
std::vector<uint8_t> le_bytes(T v) {
  std::vector<uint8_t> out(sizeof(T));
  std::memcpy(out.data(), &v, sizeof(T));  // little-endian hosts only, as the rest of Whippet
  return out;
}

template <typename T>
std::optional<T> parse_number(const std::string& s) {
  T v{};
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::vector<uint8_t>> parse_hex(const std::string& s) {
  std::string_view h = s;
  if (h.starts_with("0x")) h.remove_prefix(2);
  if (h.empty() || h.size() % 2 != 0) return std::nullopt;
  std::vector<uint8_t> out;
  for (size_t i = 0; i < h.size(); i += 2) {
    uint8_t b = 0;
    auto [ptr, ec] = std::from_chars(h.data() + i, h.data() + i + 2, b, 16);
    if (ec != std::errc() || ptr != h.data() + i + 2) return std::nullopt;
    out.push_back(b);
  }
  return out;
}

// The value bytes of `kind` parsed from `text`, or nullopt.
std::optional<std::vector<uint8_t>> encode_value(uint8_t kind, const std::string& text) {
  auto num = [&]<typename T>(T) -> std::optional<std::vector<uint8_t>> {
    auto v = parse_number<T>(text);
    if (!v) return std::nullopt;
    return le_bytes(*v);
  };
  // 128-bit values: accepted within the 64-bit range, sign- or zero-extended.
  auto wide = [&](bool is_signed) -> std::optional<std::vector<uint8_t>> {
    std::vector<uint8_t> out(16, 0);
    if (is_signed) {
      auto v = parse_number<int64_t>(text);
      if (!v) return std::nullopt;
      std::memcpy(out.data(), &*v, 8);
      if (*v < 0) std::fill(out.begin() + 8, out.end(), 0xff);
    } else {
      auto v = parse_number<uint64_t>(text);
      if (!v) return std::nullopt;
      std::memcpy(out.data(), &*v, 8);
    }
    return out;
  };
  switch (kind) {
    case 1: return parse_hex(text);
    case 2: return std::vector<uint8_t>(text.begin(), text.end());
    case 3:
      if (text == "true" || text == "1") return std::vector<uint8_t>{1};
      if (text == "false" || text == "0") return std::vector<uint8_t>{0};
      return std::nullopt;
    case 4: return num(int8_t{});
    case 5: return num(int16_t{});
    case 6: return num(int32_t{});
    case 7: return num(int64_t{});
    case 8: return wide(true);
    case 9: return num(uint8_t{});
    case 10: return num(uint16_t{});
    case 11: return num(uint32_t{});
    case 12: return num(uint64_t{});
    case 13: return wide(false);
    case 14: return num(float{});
    case 15: return num(double{});
    default: return std::nullopt;
  }
}

template <typename T>
T load(std::span<const uint8_t> v) {
  T out{};
  std::memcpy(&out, v.data(), sizeof(T));
  return out;
}

// The typed value and its text, or nullopt if the size does not fit the kind.
std::optional<std::pair<json, std::string>> decode_value(uint8_t kind, std::span<const uint8_t> v) {
  auto sized = [&](size_t n) { return v.size() == n; };
  auto as_num = [&]<typename T>(T) -> std::optional<std::pair<json, std::string>> {
    if (!sized(sizeof(T))) return std::nullopt;
    const T x = load<T>(v);
    if constexpr (std::is_floating_point_v<T>) {
      return std::pair{json(static_cast<double>(x)), dump(json(static_cast<double>(x)), false)};
    } else if constexpr (std::is_signed_v<T>) {
      return std::pair{json(static_cast<int64_t>(x)), std::to_string(static_cast<int64_t>(x))};
    } else {
      return std::pair{json(static_cast<uint64_t>(x)), std::to_string(static_cast<uint64_t>(x))};
    }
  };
  switch (kind) {
    case 1: return std::pair{json(to_hex(v)), to_hex(v)};
    case 2: {
      std::string s(v.begin(), v.end());
      return std::pair{json(s), printable(s)};
    }
    case 3:
      if (!sized(1)) return std::nullopt;
      return std::pair{json(v[0] != 0), v[0] != 0 ? "true" : "false"};
    case 4: return as_num(int8_t{});
    case 5: return as_num(int16_t{});
    case 6: return as_num(int32_t{});
    case 7: return as_num(int64_t{});
    case 9: return as_num(uint8_t{});
    case 10: return as_num(uint16_t{});
    case 11: return as_num(uint32_t{});
    case 12: return as_num(uint64_t{});
    case 14: return as_num(float{});
    case 15: return as_num(double{});
    case 8:
    case 13:
      if (!sized(16)) return std::nullopt;
      return std::pair{json(to_hex(v)), "0x" + to_hex(v)};
    default: return std::nullopt;
  }
}

}  // namespace

std::string to_hex(std::span<const uint8_t> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const uint8_t b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 0xf];
  }
  return out;
}

void append_header(std::vector<uint8_t>& out, const std::string& spec) {
  const auto first = spec.find(':');
  const auto second = first == std::string::npos ? std::string::npos : spec.find(':', first + 1);
  if (second == std::string::npos)
    usage_error("invalid header '" + spec + "': expected key:kind:value, e.g. region:string:eu or retries:uint32:3");
  const std::string key = spec.substr(0, first);
  const std::string kind_name = spec.substr(first + 1, second - first - 1);
  const std::string value = spec.substr(second + 1);
  const auto kind = kind_by_name(kind_name);
  if (!kind) {
    std::string kinds;
    for (size_t k = 1; k < kind_names.size(); ++k) kinds += (k > 1 ? ", " : "") + std::string(kind_names[k]);
    usage_error("invalid header '" + spec + "': unknown kind '" + kind_name + "' (one of " + kinds + ")");
  }
  if (key.empty() || key.size() > 255) usage_error("invalid header '" + spec + "': the key must be 1 to 255 bytes");
  const auto bytes = encode_value(*kind, value);
  if (!bytes || bytes->empty() || bytes->size() > 255)
    usage_error("invalid header '" + spec + "': '" + value + "' is not a valid " + kind_name +
                (*kind == 1 ? " (give hex bytes)" : ""));
  out.push_back(2);  // string key
  put_u32(out, static_cast<uint32_t>(key.size()));
  out.insert(out.end(), key.begin(), key.end());
  out.push_back(*kind);
  put_u32(out, static_cast<uint32_t>(bytes->size()));
  out.insert(out.end(), bytes->begin(), bytes->end());
}

std::vector<decoded_header> decode_headers(std::span<const uint8_t> block) {
  std::vector<decoded_header> out;
  size_t at = 0;
  auto invalid = [&] {
    out.push_back({"", "invalid", json(to_hex(block)), "<undecodable: " + to_hex(block) + ">"});
    return out;
  };
  while (at < block.size()) {
    if (block.size() - at < 5) return invalid();
    const uint8_t key_kind = block[at];
    const uint32_t key_len = bytes::load_le<uint32_t>(block.data() + at + 1);
    at += 5;
    if (block.size() - at < key_len) return invalid();
    const auto key_bytes = block.subspan(at, key_len);
    at += key_len;
    if (block.size() - at < 5) return invalid();
    const uint8_t kind = block[at];
    const uint32_t len = bytes::load_le<uint32_t>(block.data() + at + 1);
    at += 5;
    if (block.size() - at < len) return invalid();
    const auto value = decode_value(kind, block.subspan(at, len));
    at += len;
    if (!value) return invalid();
    std::string key = key_kind == 2 ? std::string(key_bytes.begin(), key_bytes.end()) : to_hex(key_bytes);
    out.push_back({std::move(key), kind_names[kind], value->first, value->second});
  }
  return out;
}

}  // namespace whippet::cli
