#pragma once
// Framing of Iggy's classic binary protocol. Sans I/O: these functions only
// turn bytes into values and back.
//
//   request  = length:u32 code:u32 payload[length - 4]     (length counts code + payload)
//   response = status:u32 length:u32 payload[length]       (error replies carry no payload)
//
// All integers are little-endian. Grammar: docs/formats/binary-protocol.md.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

inline constexpr size_t request_header_size = 8;
inline constexpr size_t response_header_size = 8;
// Iggy's MAX_CONTROL_FRAME_PAYLOAD: the default limit for any request but send_messages.
inline constexpr uint32_t default_max_control_payload = 10'000'000;

struct request_header {
  uint32_t length = 0;  // code + payload, as on the wire
  uint32_t code = 0;
  uint32_t payload_size() const noexcept { return length - 4; }
};

enum class frame_errc {
  length_too_small,   // the length cannot even hold the command code
  payload_too_large,  // the payload exceeds the configured limit
};

std::string_view to_string(frame_errc e) noexcept;

// Decodes the 8-byte request header and checks the declared payload against
// max_payload before anyone allocates for it.
result<request_header, frame_errc> decode_request_header(std::span<const uint8_t, request_header_size> bytes,
                                                         uint32_t max_payload) noexcept;

std::array<uint8_t, request_header_size> encode_request_header(uint32_t code, uint32_t payload_size) noexcept;
std::vector<uint8_t> encode_request(uint32_t code, std::span<const uint8_t> payload);

struct response_header {
  uint32_t status = 0;
  uint32_t length = 0;  // payload bytes that follow
};

response_header decode_response_header(std::span<const uint8_t, response_header_size> bytes) noexcept;
std::array<uint8_t, response_header_size> encode_response_header(status s, uint32_t payload_size) noexcept;
// An error reply is the status and a zero length, with no payload.
std::array<uint8_t, response_header_size> encode_error_response(status s) noexcept;

}  // namespace whippet::protocol::binary
