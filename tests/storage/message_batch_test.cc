// Validation of appended batches: every malformed batch is refused with a
// specific error, before anything is written.

#include <gtest/gtest.h>

#include "storage/message_batch.h"
#include "support/batch_builder.h"

using namespace whippet;
using storage::errc;
using storage::message_batch;
using testkit::batch_builder;

namespace {
errc validate_error(batch_builder& b, uint32_t count, storage::message_limits limits = {}) {
  auto r = message_batch::validate(b.bytes(), count, limits);
  EXPECT_FALSE(r.ok());
  return r.ok() ? errc::invalid_argument : r.error();
}
}  // namespace

TEST(message_batch, accepts_well_formed_batch) {
  batch_builder b;
  b.add("one").add("two", batch_builder::header("k", 6, {1, 2, 3, 4})).add("three");
  auto r = message_batch::validate(b.bytes(), 3);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->count(), 3u);
}

TEST(message_batch, rejects_empty_batch) {
  batch_builder b;
  EXPECT_EQ(validate_error(b, 0), errc::empty_batch);
  b.add("x");
  EXPECT_EQ(validate_error(b, 0), errc::empty_batch);
}

TEST(message_batch, rejects_empty_payload) {
  batch_builder b;
  b.add("ok").add("");
  EXPECT_EQ(validate_error(b, 2), errc::empty_payload);
}

TEST(message_batch, rejects_payload_over_limit) {
  batch_builder b;
  b.add(std::string(101, 'a'));
  EXPECT_EQ(validate_error(b, 1, {.max_payload = 100, .max_user_headers = 100}), errc::payload_too_large);
}

TEST(message_batch, rejects_user_headers_over_limit) {
  batch_builder b;
  b.add("x", batch_builder::header(std::string(200, 'k'), 2, std::vector<uint8_t>(200, 'v')));
  EXPECT_EQ(validate_error(b, 1, {.max_payload = 100, .max_user_headers = 100}), errc::user_headers_too_large);
}

TEST(message_batch, rejects_count_that_does_not_match_bytes) {
  batch_builder b;
  b.add("one").add("two");
  EXPECT_EQ(validate_error(b, 3), errc::batch_size_mismatch);  // claims more than there is
  EXPECT_EQ(validate_error(b, 1), errc::batch_size_mismatch);  // bytes left over
}

TEST(message_batch, rejects_length_fields_that_overrun_the_buffer) {
  batch_builder b;
  b.add("hello");
  bytes::store_le<uint32_t>(b.bytes().data() + model::header_field::payload_length, 6);
  EXPECT_EQ(validate_error(b, 1), errc::batch_size_mismatch);
}

TEST(message_batch, rejects_truncated_header) {
  batch_builder b;
  b.add("hello");
  b.bytes().resize(40);
  EXPECT_EQ(validate_error(b, 1), errc::batch_size_mismatch);
}

TEST(message_batch, rejects_malformed_user_headers) {
  {
    batch_builder b;  // key kind 0
    auto h = batch_builder::header("k", 2, {'v'});
    h[0] = 0;
    b.add("x", h);
    EXPECT_EQ(validate_error(b, 1), errc::invalid_header_key);
  }
  {
    batch_builder b;  // value kind 16
    b.add("x", batch_builder::header("k", 16, {'v'}));
    EXPECT_EQ(validate_error(b, 1), errc::invalid_header_value);
  }
  {
    batch_builder b;  // int32 value of 3 bytes
    b.add("x", batch_builder::header("k", 6, {1, 2, 3}));
    EXPECT_EQ(validate_error(b, 1), errc::invalid_header_value);
  }
  {
    batch_builder b;  // empty key
    b.add("x", batch_builder::header("", 2, {'v'}));
    EXPECT_EQ(validate_error(b, 1), errc::invalid_header_key);
  }
  {
    batch_builder b;  // a key with no value after it
    auto h = batch_builder::header("k", 2, {'v'});
    h.resize(6);
    b.add("x", h);
    EXPECT_EQ(validate_error(b, 1), errc::invalid_header_value);
  }
  {
    batch_builder b;  // value length runs past the block
    auto h = batch_builder::header("k", 2, {'v', 'w'});
    h.pop_back();
    b.add("x", h);
    EXPECT_EQ(validate_error(b, 1), errc::invalid_header_value);
  }
}

TEST(message_view, checksum_covers_everything_after_itself) {
  batch_builder b;
  b.add("payload", batch_builder::header("k", 2, {'v'}));
  storage::message_view m(b.bytes().data());
  const uint64_t sum = m.compute_checksum();
  b.bytes().back() ^= 1;  // flip a bit in the user headers
  EXPECT_NE(m.compute_checksum(), sum);
  b.bytes().back() ^= 1;
  b.bytes()[0] ^= 1;  // the checksum field itself is not covered
  EXPECT_EQ(m.compute_checksum(), sum);
}
