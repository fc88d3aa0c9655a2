#pragma once
// The message as it travels on the wire and lies on disk (Iggy 0.8):
//
//   message = header[64] payload[payload_length] user_headers[user_headers_length]
//
//   header  offset size field
//           0      8    checksum            XXH3-64 of bytes 8..end of the message
//           8      16   id                  u128; 0 = assign a random one
//           24     8    offset              u64, assigned on append
//           32     8    timestamp           u64 µs since the epoch, assigned on append
//           40     8    origin_timestamp    u64 µs, set by the producer
//           48     4    user_headers_length u32
//           52     4    payload_length      u32
//           56     8    reserved            u64
//
// All little-endian. Grammar: docs/formats/segment.md.

#include <cstddef>
#include <cstdint>

namespace whippet::model {

inline constexpr size_t message_header_size = 64;

namespace header_field {
inline constexpr size_t checksum = 0;
inline constexpr size_t id = 8;
inline constexpr size_t offset = 24;
inline constexpr size_t timestamp = 32;
inline constexpr size_t origin_timestamp = 40;
inline constexpr size_t user_headers_length = 48;
inline constexpr size_t payload_length = 52;
inline constexpr size_t reserved = 56;
}  // namespace header_field

// The checksum covers everything after its own 8 bytes.
inline constexpr size_t checksummed_from = 8;

// Iggy's limits: MAX_PAYLOAD_SIZE and MAX_USER_HEADERS_SIZE.
inline constexpr uint32_t max_payload_size = 64 * 1000 * 1000;
inline constexpr uint32_t max_user_headers_size = 100 * 1000;

// User header kinds (key and value): 1 raw, 2 string, 3 bool, 4..8 int8..int128,
// 9..13 uint8..uint128, 14 float32, 15 float64.
inline constexpr uint8_t header_kind_min = 1;
inline constexpr uint8_t header_kind_max = 15;

// The fixed value size of a typed header kind, or 0 for raw and string (1..255 bytes).
constexpr uint32_t header_kind_fixed_size(uint8_t kind) {
  switch (kind) {
    case 3: return 1;   // bool
    case 4: return 1;   // int8
    case 5: return 2;   // int16
    case 6: return 4;   // int32
    case 7: return 8;   // int64
    case 8: return 16;  // int128
    case 9: return 1;   // uint8
    case 10: return 2;  // uint16
    case 11: return 4;  // uint32
    case 12: return 8;  // uint64
    case 13: return 16; // uint128
    case 14: return 4;  // float32
    case 15: return 8;  // float64
    default: return 0;
  }
}

}  // namespace whippet::model
