// Byte-exact tests of send_messages (reference §1, "SendMessages request"):
// metadata length, index array and the zero-copy view of the messages.

#include "protocol/binary/requests/send_messages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>

#include "codec_test_util.h"

namespace {

using namespace codec_test;
using bin::identifier;

// One message as a producer sends it: a 64-byte header with only the two
// lengths (and an origin timestamp) set, then the payload, then user headers.
bytes message(std::string_view payload, const bytes& user_headers = {}) {
  bytes header(64, 0);
  const bytes origin = le64(1234);
  std::copy(origin.begin(), origin.end(), header.begin() + 40);
  const bytes headers_len = le32(static_cast<uint32_t>(user_headers.size()));
  std::copy(headers_len.begin(), headers_len.end(), header.begin() + 48);
  const bytes payload_len = le32(static_cast<uint32_t>(payload.size()));
  std::copy(payload_len.begin(), payload_len.end(), header.begin() + 52);
  return cat({header, str(payload), user_headers});
}

// Two messages: 64 + 2 = 66 bytes, then 64 + 3 + 4 = 71 bytes.
const bytes blob = cat({message("hi"), message("abc", {0xde, 0xad, 0xbe, 0xef})});

const bytes metadata{
    0x01, 0x04, 0x01, 0x00, 0x00, 0x00,  // stream: numeric 1
    0x01, 0x04, 0x02, 0x00, 0x00, 0x00,  // topic: numeric 2
    0x02, 0x04, 0x00, 0x00, 0x00, 0x00,  // partitioning: partition 0
    0x02, 0x00, 0x00, 0x00,              // messages_count: 2
};

const bytes index_array{
    0x00, 0x00, 0x00, 0x00, 0x42, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,  // ends at 66
    0x00, 0x00, 0x00, 0x00, 0x89, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,  // ends at 137
};

const bytes expected_payload = cat({{0x16, 0x00, 0x00, 0x00}, metadata, index_array, blob});

TEST(send_messages, code) { EXPECT_EQ(static_cast<uint32_t>(bin::send_messages_request::code), 101u); }

TEST(send_messages, encode_builds_metadata_length_and_index) {
  ASSERT_EQ(blob.size(), 137u);
  EXPECT_EQ(bin::encode_send_messages(identifier::numeric(1), identifier::numeric(2),
                                      bin::partitioning::to_partition(0), blob, 2),
            expected_payload);
}

TEST(send_messages, decode_points_into_the_payload) {
  bytes payload = expected_payload;
  auto r = bin::decode_send_messages_request(payload);
  ASSERT_TRUE(r.ok()) << bin::status_name(static_cast<uint32_t>(r.error()));
  EXPECT_EQ(r->request.stream, identifier::numeric(1));
  EXPECT_EQ(r->request.topic, identifier::numeric(2));
  EXPECT_EQ(r->request.partitioning, bin::partitioning::to_partition(0));
  EXPECT_EQ(r->request.messages_count, 2u);
  EXPECT_EQ(r->request.messages.data(), payload.data() + 4 + metadata.size() + index_array.size());
  EXPECT_EQ(bytes(r->request.messages.begin(), r->request.messages.end()), blob);
  // Not a copy: the server may rewrite headers in place.
  r->request.messages[24] = 0x77;
  EXPECT_EQ(payload[4 + metadata.size() + index_array.size() + 24], 0x77);
}

TEST(send_messages, round_trips_through_the_request) {
  bytes payload = expected_payload;
  auto r = bin::decode_send_messages_request(payload);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(bin::encode(r->request), expected_payload);
  EXPECT_EQ(r->trailing_bytes, 0u);
}

TEST(send_messages, metadata_length_covers_balanced_and_keyed_partitioning) {
  const bytes one = message("x");
  auto balanced = bin::encode_send_messages(identifier::named("s"), identifier::numeric(2),
                                            bin::partitioning::balanced(), one, 1);
  const bytes balanced_head{
      0x0f, 0x00, 0x00, 0x00,              // metadata_length: 3 + 6 + 2 + 4
      0x02, 0x01, 's',                     // stream: "s"
      0x01, 0x04, 0x02, 0x00, 0x00, 0x00,  // topic: numeric 2
      0x01, 0x00,                          // partitioning: balanced
      0x01, 0x00, 0x00, 0x00,              // messages_count: 1
      0x00, 0x00, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,  // ends at 65
  };
  EXPECT_EQ(balanced, cat({balanced_head, one}));
  EXPECT_TRUE(bin::decode_send_messages_request(balanced).ok());

  auto keyed = bin::encode_send_messages(identifier::numeric(1), identifier::numeric(2),
                                         bin::partitioning::by_key({'k', '1'}), one, 1);
  EXPECT_EQ(bytes(keyed.begin(), keyed.begin() + 4), le32(6 + 6 + 4 + 4));
  auto r = bin::decode_send_messages_request(keyed);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->request.partitioning, bin::partitioning::by_key({'k', '1'}));
}

// The fields before the messages are like any request's: a payload that ends
// inside them is InvalidCommand. The messages have no length of their own but
// the index's, so a batch cut short or padded is InvalidFormat: the batch must
// fill the payload exactly, and there are no trailing bytes to ignore.
TEST(send_messages, truncated_fields_are_invalid_command_and_the_batch_must_be_exact) {
  const size_t messages_start = 4 + metadata.size() + index_array.size();
  for (size_t n = 0; n < expected_payload.size(); ++n) {
    bytes prefix(expected_payload.begin(), expected_payload.begin() + static_cast<std::ptrdiff_t>(n));
    auto r = bin::decode_send_messages_request(prefix);
    ASSERT_FALSE(r.ok()) << "a " << n << "-byte prefix decoded";
    EXPECT_EQ(r.error(), n < messages_start ? bin::status::invalid_command : bin::status::invalid_format)
        << "prefix of " << n << " bytes";
  }
  for (const bytes& extra : {bytes{0x00}, le32(42)}) {
    bytes longer = cat({expected_payload, extra});
    auto r = bin::decode_send_messages_request(longer);
    ASSERT_FALSE(r.ok()) << extra.size() << " trailing byte(s) accepted";
    EXPECT_EQ(r.error(), bin::status::invalid_format);
  }
}

TEST(send_messages, zero_messages_is_invalid_messages_count) {
  bytes payload{0x16, 0x00, 0x00, 0x00};
  bytes meta = metadata;
  meta[18] = 0x00;
  payload = cat({payload, meta});
  auto r = bin::decode_send_messages_request(payload);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), bin::status::invalid_messages_count);
}

TEST(send_messages, rejects_wrong_metadata_length) {
  for (uint8_t len : {0x15, 0x17, 0x00}) {
    bytes payload = expected_payload;
    payload[0] = len;
    auto r = bin::decode_send_messages_request(payload);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), bin::status::invalid_format);
  }
}

// Offset of the index array's k-th cumulative end in expected_payload.
constexpr size_t end_at(size_t k) { return 4 + 22 + 16 * k + 4; }

void expect_invalid(bytes payload) {
  auto r = bin::decode_send_messages_request(payload);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), bin::status::invalid_format);
}

TEST(send_messages, rejects_index_that_disagrees_with_the_messages) {
  bytes swapped = expected_payload;  // ends 71, 137: sizes 71 and 66 against messages of 66 and 71
  swapped[end_at(0)] = 71;
  expect_invalid(swapped);

  bytes not_increasing = expected_payload;  // ends 66, 66
  not_increasing[end_at(1)] = 66;
  expect_invalid(not_increasing);

  bytes zero_first = expected_payload;  // ends 0, 137
  zero_first[end_at(0)] = 0;
  expect_invalid(zero_first);

  bytes short_last = expected_payload;  // ends 66, 136: the last end misses the blob's end
  short_last[end_at(1)] = 136;
  expect_invalid(short_last);

  bytes past_end = expected_payload;  // ends 66, 138
  past_end[end_at(1)] = 138;
  expect_invalid(past_end);
}

TEST(send_messages, rejects_header_lengths_that_disagree_with_the_index) {
  const size_t blob_at = 4 + 22 + 32;
  bytes longer_payload = expected_payload;  // first message claims 3 payload bytes, its slot holds 2
  longer_payload[blob_at + 52] = 3;
  expect_invalid(longer_payload);

  bytes more_headers = expected_payload;  // second message claims 5 header bytes, its slot holds 4
  more_headers[blob_at + 66 + 48] = 5;
  expect_invalid(more_headers);

  bytes huge = expected_payload;  // a length near 4 GiB must not overflow the size sum
  huge[blob_at + 66 + 52 + 3] = 0xff;
  expect_invalid(huge);
}

TEST(send_messages, rejects_a_slot_smaller_than_a_header) {
  const bytes tiny = cat({{0x16, 0x00, 0x00, 0x00}, metadata,
                          {0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                          {0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, bytes(32, 0)});
  expect_invalid(tiny);
}

}  // namespace
