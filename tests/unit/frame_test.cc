// Byte-exact tests of the binary frame codec against the protocol reference.

#include <gtest/gtest.h>

#include <vector>

#include "protocol/binary/command_code.h"
#include "protocol/binary/frame.h"
#include "protocol/binary/requests/ping.h"

namespace bin = whippet::protocol::binary;
using bytes = std::vector<uint8_t>;

template <size_t N>
bytes to_vec(const std::array<uint8_t, N>& a) {
  return bytes(a.begin(), a.end());
}

TEST(frame, ping_request_is_length_4_code_1) {
  const auto payload = bin::encode(bin::ping_request{});
  EXPECT_TRUE(payload.empty());
  EXPECT_EQ(bin::encode_request(1, payload), (bytes{0x04, 0, 0, 0, 0x01, 0, 0, 0}));
}

TEST(frame, request_length_counts_code_and_payload) {
  const bytes payload{0xaa, 0xbb, 0xcc};
  EXPECT_EQ(bin::encode_request(202, payload), (bytes{0x07, 0, 0, 0, 0xca, 0, 0, 0, 0xaa, 0xbb, 0xcc}));
}

TEST(frame, empty_ok_reply_is_eight_zero_bytes) {
  EXPECT_EQ(to_vec(bin::encode_response_header(bin::status::ok, 0)), (bytes{0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(frame, error_reply_is_status_then_zero_length) {
  EXPECT_EQ(to_vec(bin::encode_error_response(bin::status::invalid_command)), (bytes{0x03, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(to_vec(bin::encode_error_response(bin::status::stream_id_not_found)),
            (bytes{0xf1, 0x03, 0, 0, 0, 0, 0, 0}));
}

TEST(frame, ok_reply_header_carries_payload_length) {
  EXPECT_EQ(to_vec(bin::encode_response_header(bin::status::ok, 0x01020304)), (bytes{0, 0, 0, 0, 4, 3, 2, 1}));
}

TEST(frame, decodes_request_header) {
  const std::array<uint8_t, 8> h{0x0c, 0, 0, 0, 0x65, 0, 0, 0};
  auto r = bin::decode_request_header(h, 1000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->length, 12u);
  EXPECT_EQ(r->code, 101u);
  EXPECT_EQ(r->payload_size(), 8u);
}

TEST(frame, rejects_length_smaller_than_code) {
  for (uint8_t len : {0, 1, 2, 3}) {
    const std::array<uint8_t, 8> h{len, 0, 0, 0, 1, 0, 0, 0};
    auto r = bin::decode_request_header(h, 1000);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), bin::frame_errc::length_too_small);
  }
}

TEST(frame, rejects_payload_over_limit_before_allocation) {
  const std::array<uint8_t, 8> absurd{0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0};
  auto r = bin::decode_request_header(absurd, bin::default_max_control_payload);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), bin::frame_errc::payload_too_large);

  // Exactly at the limit is fine; one byte more is not.
  const std::array<uint8_t, 8> at_limit{0x0e, 0, 0, 0, 1, 0, 0, 0};  // payload 10
  EXPECT_TRUE(bin::decode_request_header(at_limit, 10).ok());
  EXPECT_FALSE(bin::decode_request_header(at_limit, 9).ok());
}

TEST(frame, decodes_response_header) {
  const std::array<uint8_t, 8> h{0x03, 0, 0, 0, 0, 0, 0, 0};
  const auto r = bin::decode_response_header(h);
  EXPECT_EQ(r.status, 3u);
  EXPECT_EQ(r.length, 0u);
}

TEST(frame, ping_request_ignores_its_payload) {
  EXPECT_TRUE(bin::decode_ping_request({}).ok());
  const bytes junk{1};
  auto r = bin::decode_ping_request(junk);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->trailing_bytes, 1u);
}

TEST(command_code, names_every_classic_command_and_nothing_else) {
  EXPECT_EQ(bin::command_name(1), "ping");
  EXPECT_EQ(bin::command_name(101), "send_messages");
  EXPECT_EQ(bin::command_name(605), "leave_consumer_group");
  EXPECT_EQ(bin::command_name(44), "login_with_personal_access_token");
  // HEAD/VSR-only codes are not part of the 0.8 protocol.
  EXPECT_FALSE(bin::command_name(13).has_value());
  EXPECT_FALSE(bin::command_name(40).has_value());
  EXPECT_FALSE(bin::command_name(606).has_value());
  EXPECT_FALSE(bin::command_name(60000).has_value());
  EXPECT_FALSE(bin::command_name(0).has_value());
}

TEST(status, names_codes) {
  EXPECT_EQ(bin::status_name(3), "invalid_command");
  EXPECT_EQ(bin::status_name(1009), "stream_id_not_found");
  EXPECT_EQ(bin::status_name(123456), "unknown");
}
