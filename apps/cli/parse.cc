#include "parse.h"

#include <charconv>
#include <limits>

#include "commands.h"
#include "config/units.h"

namespace whippet::cli {
namespace {

template <typename T>
bool parse_unsigned(const std::string& text, T& out) {
  if (text.empty() || text[0] == '+' || text[0] == '-') return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool is_one_of(const std::string& text, std::initializer_list<std::string_view> words) {
  for (const auto w : words)
    if (text == w) return true;
  return false;
}

}  // namespace

bin::identifier parse_identifier(const std::string& text, std::string_view what) {
  uint32_t number = 0;
  if (parse_unsigned(text, number)) return bin::identifier::numeric(number);
  if (text.empty() || text.size() > bin::max_wire_name_size)
    usage_error("invalid " + std::string(what) + " '" + text + "': give a numeric id or a name of 1 to 255 bytes");
  return bin::identifier::named(text);
}

uint32_t parse_u32(const std::string& text, std::string_view what) {
  uint32_t v = 0;
  if (!parse_unsigned(text, v)) usage_error("invalid " + std::string(what) + " '" + text + "': expected a number");
  return v;
}

uint64_t parse_u64(const std::string& text, std::string_view what) {
  uint64_t v = 0;
  if (!parse_unsigned(text, v)) usage_error("invalid " + std::string(what) + " '" + text + "': expected a number");
  return v;
}

uint64_t parse_duration_us(const std::string& text, std::string_view what) {
  auto d = config::parse_duration(text);
  if (!d || d->count() < 0)
    usage_error("invalid " + std::string(what) + " '" + text + "': expected a duration such as 30s, 15m, 2h or 7d");
  return static_cast<uint64_t>(d->count() / 1000);
}

uint64_t parse_expiry(const std::string& text, std::string_view what) {
  if (is_one_of(text, {"none", "never", "unlimited"})) return std::numeric_limits<uint64_t>::max();
  if (is_one_of(text, {"default", "server_default"})) return 0;
  const uint64_t us = parse_duration_us(text, what);
  if (us == 0) usage_error("invalid " + std::string(what) + " '" + text + "': must be positive, 'none' or 'default'");
  return us;
}

uint64_t parse_max_size(const std::string& text, std::string_view what) {
  if (is_one_of(text, {"unlimited", "none"})) return std::numeric_limits<uint64_t>::max();
  if (is_one_of(text, {"default", "server_default"})) return 0;
  auto size = config::parse_size(text);
  if (!size || *size == 0)
    usage_error("invalid " + std::string(what) + " '" + text +
                "': expected a size such as 500MB or 10GiB, 'unlimited' or 'default'");
  return *size;
}

std::string describe_id(const bin::identifier& id) {
  if (id.kind == bin::identifier::kind_t::numeric) return std::to_string(id.number);
  return "'" + id.name + "'";
}

}  // namespace whippet::cli
