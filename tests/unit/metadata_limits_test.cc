// The catalog's limits hold in apply(), the one place that changes a catalog:
// counts from the wire can neither wrap nor grow the catalog without bound.

#include <gtest/gtest.h>

#include "metadata/operations.h"

using namespace whippet::metadata;

TEST(metadata_limits, create_partitions_near_uint32_max_does_not_wrap) {
  catalog c;
  ASSERT_TRUE(apply(c, create_stream_op{0, "s", 1}).ok());
  ASSERT_TRUE(apply(c, create_topic_op{0, 0, "t", 1, 1, 0, 0, 0, std::vector<uint64_t>(3, 1)}).ok());
  auto r = apply(c, create_partitions_op{0, 0, 0xffffffffu, 2});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), errc::too_many_partitions);
  EXPECT_EQ(c.streams.at(0).topics.at(0).partitions_count, 3u);  // not shrunk to 2
  EXPECT_EQ(apply(c, create_partitions_op{0, 0, 0xfffffffeu, 2}).error(), errc::too_many_partitions);
  EXPECT_TRUE(apply(c, create_partitions_op{0, 0, max_partitions_per_topic - 3, 2}).ok());
  EXPECT_EQ(c.streams.at(0).topics.at(0).partitions_count, max_partitions_per_topic);
  EXPECT_EQ(apply(c, create_partitions_op{0, 0, 1, 2}).error(), errc::too_many_partitions);
}

TEST(metadata_limits, a_topic_cannot_be_created_with_more_partitions_than_the_limit) {
  catalog c;
  ASSERT_TRUE(apply(c, create_stream_op{0, "s", 1}).ok());
  EXPECT_EQ(apply(c, create_topic_op{0, 0, "t", 1, 1, 0, 0, 0, std::vector<uint64_t>(max_partitions_per_topic + 1, 1)})
                .error(),
            errc::too_many_partitions);
}

TEST(metadata_limits, streams_topics_groups_and_users_are_bounded) {
  catalog c;
  for (uint32_t i = 0; i < max_streams; ++i) ASSERT_TRUE(apply(c, create_stream_op{i, "s" + std::to_string(i), 1}).ok());
  EXPECT_EQ(apply(c, create_stream_op{static_cast<uint32_t>(max_streams), "one-more", 1}).error(), errc::limit_reached);

  for (uint32_t i = 0; i < max_topics_per_stream; ++i)
    ASSERT_TRUE(apply(c, create_topic_op{0, i, "t" + std::to_string(i), 1, 1, 0, 0, 0, {1}}).ok());
  EXPECT_EQ(apply(c, create_topic_op{0, static_cast<uint32_t>(max_topics_per_stream), "x", 1, 1, 0, 0, 0, {1}}).error(),
            errc::limit_reached);

  for (uint32_t i = 0; i < max_groups_per_topic; ++i)
    ASSERT_TRUE(apply(c, create_group_op{0, 0, i, "g" + std::to_string(i)}).ok());
  EXPECT_EQ(apply(c, create_group_op{0, 0, static_cast<uint32_t>(max_groups_per_topic), "x"}).error(),
            errc::limit_reached);

  for (uint32_t i = 0; i < max_users; ++i)
    ASSERT_TRUE(apply(c, create_user_op{i, "user" + std::to_string(i), "h", 1, 1, std::nullopt}).ok());
  EXPECT_EQ(apply(c, create_user_op{static_cast<uint32_t>(max_users), "x-user", "h", 1, 1, std::nullopt}).error(),
            errc::limit_reached);
}

TEST(metadata_limits, a_users_permissions_are_bounded) {
  catalog c;
  permissions big;
  for (uint32_t s = 0; s < 10; ++s)
    for (uint32_t t = 0; t < max_permission_entries / 10; ++t) big.streams[s].topics[t] = {};
  ASSERT_GT(permission_entries(big), max_permission_entries);
  EXPECT_EQ(apply(c, create_user_op{1, "alice", "h", 1, 1, big}).error(), errc::limit_reached);
  ASSERT_TRUE(apply(c, create_user_op{1, "alice", "h", 1, 1, std::nullopt}).ok());
  EXPECT_EQ(apply(c, update_permissions_op{1, big}).error(), errc::limit_reached);
  EXPECT_FALSE(c.users.at(1).perms.has_value());
  permissions small;
  small.streams[1].topics[2] = {};
  EXPECT_TRUE(apply(c, update_permissions_op{1, small}).ok());
}
