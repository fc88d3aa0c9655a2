// Every value from the wire is range-checked: counts and durations near the
// top of their type are refused with a clear status and change nothing.

#include <gtest/gtest.h>

#include "hostile.h"
#include "metadata/catalog.h"
#include "protocol/binary/requests/create_partitions.h"
#include "protocol/binary/requests/create_personal_access_token.h"
#include "protocol/binary/requests/update_topic.h"
#include "protocol/binary/responses/personal_access_token.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace whippet::testkit::hostile;

namespace {

class range : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(server_.address().empty());
    ASSERT_EQ(c_.login(), 0u);
    stream_ = c_.create_stream("s");
  }
  void TearDown() override { EXPECT_EQ(server_.stop(), 0) << server_.process().output(); }

  server_process server_;
  api c_{server_.address()};
  uint32_t stream_ = 0;
};

bin::create_topic_request topic_request(uint32_t stream, const std::string& name, uint64_t expiry) {
  bin::create_topic_request req;
  req.stream = num(stream);
  req.partitions_count = 1;
  req.message_expiry = expiry;
  req.name = name;
  return req;
}

}  // namespace

TEST_F(range, create_partitions_near_uint32_max_is_refused_and_shrinks_nothing) {
  const uint32_t t = c_.create_topic(stream_, "t", 3);
  ASSERT_EQ(c_.send(stream_, t, bin::partitioning::to_partition(2), {"kept"}), 0u);
  for (const uint32_t count : {0xffffffffu, 0xfffffffeu, 0x80000000u, 998u}) {
    EXPECT_EQ(c_.status_of(bin::create_partitions_request{num(stream_), num(t), count}),
              code(bin::status::too_many_partitions))
        << count;
  }
  auto topic = c_.get_topic(num(stream_), num(t));
  ASSERT_TRUE(topic.has_value());
  EXPECT_EQ(topic->topic.partitions_count, 3u);
  // The partitions are the same ones: the message is still where it was.
  auto r = c_.poll(consumer_id(1), stream_, t, 2, bin::polling_strategy::first(), 10);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->payloads.size(), 1u);
  EXPECT_EQ(r->payloads[0], "kept");
  // A valid count still works, and the new partition is empty.
  EXPECT_EQ(c_.status_of(bin::create_partitions_request{num(stream_), num(t), 2}), 0u);
  auto fresh = c_.poll(consumer_id(1), stream_, t, 4, bin::polling_strategy::first(), 10);
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(fresh->payloads.empty());
}

TEST_F(range, message_expiry_near_uint64_max_is_refused) {
  for (const uint64_t expiry : {UINT64_MAX - 1, UINT64_MAX / 2, uint64_t{1} << 62}) {
    EXPECT_EQ(c_.status_of(topic_request(stream_, "t" + std::to_string(expiry), expiry)), code(bin::status::invalid_format))
        << expiry;
  }
  // 0 (server default), UINT64_MAX (never) and an hour are fine.
  EXPECT_EQ(c_.status_of(topic_request(stream_, "default", 0)), 0u);
  EXPECT_EQ(c_.status_of(topic_request(stream_, "never", UINT64_MAX)), 0u);
  EXPECT_EQ(c_.status_of(topic_request(stream_, "hour", 3'600'000'000ull)), 0u);
  bin::update_topic_request update;
  update.stream = num(stream_);
  update.topic = named("hour");
  update.name = "hour";
  update.message_expiry = UINT64_MAX - 1;
  EXPECT_EQ(c_.status_of(update), code(bin::status::invalid_format));
  auto topic = c_.get_topic(num(stream_), named("hour"));
  ASSERT_TRUE(topic.has_value());
  EXPECT_EQ(topic->topic.message_expiry, 3'600'000'000ull);
}

TEST_F(range, a_token_expiry_near_uint64_max_is_refused_not_wrapped) {
  EXPECT_EQ(c_.status_of(bin::create_personal_access_token_request{"wraps", UINT64_MAX - 1}),
            code(bin::status::invalid_format));
  EXPECT_EQ(c_.status_of(bin::create_personal_access_token_request{"wraps2", UINT64_MAX - 1'000'000}),
            code(bin::status::invalid_format));
  // A token that never expires, and one of a day, log in.
  auto never = c_.call(bin::create_personal_access_token_request{"never", UINT64_MAX});
  ASSERT_TRUE(never.ok());
  auto day = c_.call(bin::create_personal_access_token_request{"day", 86'400'000'000ull});
  ASSERT_TRUE(day.ok());
  for (const auto& raw : {*never, *day}) {
    auto token = bin::decode_raw_personal_access_token(raw);
    ASSERT_TRUE(token.ok());
    api other(server_.address());
    EXPECT_EQ(other.login_with_token(token->token), 0u);
  }
}

TEST_F(range, consumer_groups_per_topic_are_bounded) {
  const uint32_t t = c_.create_topic(stream_, "t", 1);
  for (size_t i = 0; i < metadata::max_groups_per_topic; ++i) ASSERT_NE(c_.create_group(stream_, t, "g" + std::to_string(i)), UINT32_MAX);
  EXPECT_EQ(c_.status_of(bin::create_consumer_group_request{num(stream_), num(t), "one-more"}),
            code(bin::status::invalid_format));
}
