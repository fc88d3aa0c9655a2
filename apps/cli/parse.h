#pragma once
// Parsing of command-line values: identifiers (a number or a name), counts,
// durations and sizes. A bad value is a usage error (exit status 2) that names
// the argument.

#include <cstdint>
#include <string>
#include <string_view>

#include "client/client.h"

namespace whippet::cli {

namespace bin = protocol::binary;

// "7" is numeric id 7; anything else is a name (1..255 bytes).
bin::identifier parse_identifier(const std::string& text, std::string_view what);
// A decimal u32 / u64 (whole string).
uint32_t parse_u32(const std::string& text, std::string_view what);
uint64_t parse_u64(const std::string& text, std::string_view what);

// A duration in µs: "30 s", "15m", "2h", "1d", "500ms" (a bare number is seconds).
uint64_t parse_duration_us(const std::string& text, std::string_view what);
// A message expiry in µs: a duration, "none"/"never" (UINT64_MAX) or "default"/"server_default" (0).
uint64_t parse_expiry(const std::string& text, std::string_view what);
// A maximum topic size in bytes: "10 GiB", "unlimited"/"none" (UINT64_MAX) or "default"/"server_default" (0).
uint64_t parse_max_size(const std::string& text, std::string_view what);

// How a target shows in messages: a name in quotes, a number bare.
std::string describe_id(const bin::identifier& id);

}  // namespace whippet::cli
