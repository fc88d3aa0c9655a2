#pragma once
// User headers of messages (Iggy 0.7+ typed headers):
//   pair = key_kind:u8 key_len:u32 key value_kind:u8 value_len:u32 value
// Kinds: 1 raw, 2 string, 3 bool, 4..8 int8..int128, 9..13 uint8..uint128,
// 14 float32, 15 float64. The CLI writes string keys.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "json.h"

namespace whippet::cli {

// Parses "key:kind:value" (kind as named above, e.g. "region:string:eu" or
// "retries:uint32:3"; raw values in hex) and appends the encoded pair.
// Throws a usage error naming `spec` when it is malformed.
void append_header(std::vector<uint8_t>& out, const std::string& spec);

struct decoded_header {
  std::string key;
  std::string kind;  // "string", "uint32", ...
  json value;        // typed: a number, bool or string (raw and 128-bit kinds as hex)
  std::string text;  // for tables
};

// Decodes a message's user headers; an undecodable block yields one entry of kind "invalid".
std::vector<decoded_header> decode_headers(std::span<const uint8_t> block);

std::string to_hex(std::span<const uint8_t> bytes);

}  // namespace whippet::cli
