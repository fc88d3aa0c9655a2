#pragma once
// Helpers for the byte-exact codec tests: little-endian pieces to spell out
// expected payloads, and the checks every decoder must pass.

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "bytes/byte_writer.h"
#include "protocol/binary/status.h"

namespace codec_test {

namespace bin = whippet::protocol::binary;
using bytes = std::vector<uint8_t>;

inline bytes le16(uint16_t v) { return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8)}; }

inline bytes le32(uint32_t v) {
  bytes out;
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return out;
}

inline bytes le64(uint64_t v) {
  bytes out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return out;
}

inline bytes f32(float v) {
  uint32_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  return le32(bits);
}

inline bytes str(std::string_view s) { return bytes(s.begin(), s.end()); }

inline bytes cat(std::initializer_list<bytes> parts) {
  bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// encode(writer, value) into a fresh vector: the response encoders' shape.
template <typename T>
bytes encoded(const T& value) {
  bytes out;
  whippet::bytes::byte_writer w(out);
  encode(w, value);  // found by argument-dependent lookup
  return out;
}

// Every strict prefix of a valid response (or primitive), and the value plus
// one byte, must be rejected with invalid_format.
template <typename Decode>
void expect_rejects_truncated_and_trailing(const bytes& payload, Decode decode) {
  for (size_t n = 0; n < payload.size(); ++n) {
    bytes prefix(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(n));
    auto r = decode(prefix);
    ASSERT_FALSE(r.ok()) << "a " << n << "-byte prefix of " << payload.size() << " bytes decoded";
    EXPECT_EQ(r.error(), bin::status::invalid_format) << "prefix of " << n << " bytes";
  }
  bytes longer = payload;
  longer.push_back(0);
  auto r = decode(longer);
  ASSERT_FALSE(r.ok()) << "a trailing byte was accepted";
  EXPECT_EQ(r.error(), bin::status::invalid_format);
}

template <typename Decode>
void expect_decode_fails(bytes payload, Decode decode, bin::status expected) {
  auto r = decode(payload);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), expected) << bin::status_name(static_cast<uint32_t>(r.error()));
}

// A request payload, as Iggy 0.8 reads one: every strict prefix is
// invalid_command (the payload ends before the fields do), and bytes after the
// fields are ignored and reported as trailing.
template <typename Request, typename Decode>
void expect_request_truncated_and_trailing(const Request& req, const bytes& payload, Decode decode) {
  for (size_t n = 0; n < payload.size(); ++n) {
    bytes prefix(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(n));
    auto r = decode(prefix);
    ASSERT_FALSE(r.ok()) << "a " << n << "-byte prefix of " << payload.size() << " bytes decoded";
    EXPECT_EQ(r.error(), bin::status::invalid_command)
        << "prefix of " << n << " bytes: " << bin::status_name(static_cast<uint32_t>(r.error()));
  }
  bytes longer = cat({payload, {0x2a, 0x00, 0x00, 0x00}});  // a stale u32, as the Node.js SDK 0.8.0 sends
  auto r = decode(longer);
  ASSERT_TRUE(r.ok()) << "trailing bytes refused: " << bin::status_name(static_cast<uint32_t>(r.error()));
  EXPECT_TRUE(r->request == req);
  EXPECT_EQ(r->trailing_bytes, 4u);
}

// A request: encode gives exactly `expected`, which decodes back to `req`
// with nothing left over; a short payload is refused, a long one accepted.
template <typename Request, typename Decode>
void expect_request_codec(const Request& req, const bytes& expected, Decode decode) {
  EXPECT_EQ(encode(req), expected);  // found by argument-dependent lookup
  bytes payload = expected;
  auto d = decode(payload);
  ASSERT_TRUE(d.ok()) << bin::status_name(static_cast<uint32_t>(d.error()));
  EXPECT_TRUE(d->request == req);
  EXPECT_EQ(d->trailing_bytes, 0u);
  expect_request_truncated_and_trailing(req, expected, decode);
}

// A response element or whole response: the same three checks.
template <typename T, typename Decode>
void expect_response_codec(const T& value, const bytes& expected, Decode decode) {
  EXPECT_EQ(encoded(value), expected);
  auto d = decode(expected);
  ASSERT_TRUE(d.ok()) << bin::status_name(static_cast<uint32_t>(d.error()));
  EXPECT_TRUE(*d == value);
  expect_rejects_truncated_and_trailing(expected, decode);
}

}  // namespace codec_test
