// Byte-exact tests of the entity replies: streams, topics, partitions,
// consumer groups, users and clients (reference §1).

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <utility>

#include "codec_test_util.h"
#include "protocol/binary/responses/client.h"
#include "protocol/binary/responses/consumer_group.h"
#include "protocol/binary/responses/partition.h"
#include "protocol/binary/responses/stream.h"
#include "protocol/binary/responses/topic.h"
#include "protocol/binary/responses/user.h"

namespace {

using namespace codec_test;

// ---- streams, topics, partitions -------------------------------------------

bin::stream_response sample_stream() { return {1, 0x0102030405060708, 2, 1024, 10, "orders"}; }

const bytes stream_bytes{
    0x01, 0x00, 0x00, 0x00,                          // id
    0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,  // created_at
    0x02, 0x00, 0x00, 0x00,                          // topics_count
    0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // size_bytes: 1024
    0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // messages_count
    0x06, 'o', 'r', 'd', 'e', 'r', 's',              // name
};

bin::topic_header sample_topic() {
  return {2, 5, 1, 0, bin::compression_algorithm::none, UINT64_MAX, 1, 0, 0, "ev"};
}

const bytes topic_bytes{
    0x02, 0x00, 0x00, 0x00,                          // id
    0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // created_at
    0x01, 0x00, 0x00, 0x00,                          // partitions_count
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // message_expiry
    0x01,                                            // compression: none
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // max_topic_size: unlimited
    0x01,                                            // replication_factor
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // size_bytes
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // messages_count
    0x02, 'e', 'v',                                  // name
};

bin::partition_response sample_partition() { return {0, 5, 1, 9, 100, 10}; }

const bytes partition_bytes{
    0x00, 0x00, 0x00, 0x00,                          // id
    0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // created_at
    0x01, 0x00, 0x00, 0x00,                          // segments_count
    0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // current_offset
    0x64, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // size_bytes
    0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // messages_count
};

TEST(stream_response, layout) {
  EXPECT_EQ(stream_bytes.size(), 39u);
  expect_response_codec(sample_stream(), stream_bytes, bin::decode_stream_response);
}

TEST(stream_response, list_is_a_concatenation) {
  auto second = sample_stream();
  second.id = 2;
  second.name = "b";
  const bytes list = cat({stream_bytes, encoded(second)});
  auto d = bin::decode_stream_list(list);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->size(), 2u);
  EXPECT_EQ((*d)[0], sample_stream());
  EXPECT_EQ((*d)[1], second);
  EXPECT_TRUE(bin::decode_stream_list({})->empty());
  expect_decode_fails(bytes(list.begin(), list.end() - 1), bin::decode_stream_list, bin::status::invalid_format);
}

TEST(stream_details, stream_then_topic_headers) {
  bin::stream_details details{sample_stream(), {sample_topic()}};
  const bytes expected = cat({stream_bytes, topic_bytes});
  EXPECT_EQ(encoded(details), expected);
  auto d = bin::decode_stream_details(expected);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, details);
  // No topics is fine; a torn topic header is not.
  EXPECT_TRUE(bin::decode_stream_details(stream_bytes)->topics.empty());
  expect_decode_fails(bytes(expected.begin(), expected.end() - 1), bin::decode_stream_details,
                      bin::status::invalid_format);
  expect_decode_fails(bytes(stream_bytes.begin(), stream_bytes.end() - 1), bin::decode_stream_details,
                      bin::status::invalid_format);
}

TEST(topic_header, layout) {
  EXPECT_EQ(topic_bytes.size(), 53u);
  expect_response_codec(sample_topic(), topic_bytes, bin::decode_topic_header);
  bytes gzip = topic_bytes;
  gzip[24] = 0x02;
  EXPECT_EQ(bin::decode_topic_header(gzip)->compression, bin::compression_algorithm::gzip);
  gzip[24] = 0x03;
  expect_decode_fails(gzip, bin::decode_topic_header, bin::status::invalid_format);
}

TEST(topic_header, list_is_a_concatenation) {
  const bytes list = cat({topic_bytes, topic_bytes});
  auto d = bin::decode_topic_list(list);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->size(), 2u);
  expect_decode_fails(bytes(list.begin(), list.end() - 3), bin::decode_topic_list, bin::status::invalid_format);
}

TEST(partition_response, is_40_bytes) {
  EXPECT_EQ(partition_bytes.size(), bin::partition_response_size);
  expect_response_codec(sample_partition(), partition_bytes, bin::decode_partition_response);
}

TEST(topic_details, header_then_partitions) {
  auto second = sample_partition();
  second.id = 1;
  bin::topic_details details{sample_topic(), {sample_partition(), second}};
  const bytes expected = cat({topic_bytes, partition_bytes, encoded(second)});
  EXPECT_EQ(encoded(details), expected);
  auto d = bin::decode_topic_details(expected);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, details);
  expect_decode_fails(bytes(expected.begin(), expected.end() - 1), bin::decode_topic_details,
                      bin::status::invalid_format);
}

// ---- consumer groups -----------------------------------------------------------

TEST(consumer_group_response, layout) {
  const bytes expected{
      0x00, 0x00, 0x00, 0x00,  // id
      0x03, 0x00, 0x00, 0x00,  // partitions_count
      0x02, 0x00, 0x00, 0x00,  // members_count
      0x01, 'g',               // name
  };
  expect_response_codec(bin::consumer_group_response{0, 3, 2, "g"}, expected, bin::decode_consumer_group_response);
  auto list = bin::decode_consumer_group_list(cat({expected, expected}));
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
}

TEST(consumer_group_details, group_then_members_with_partitions) {
  // Built field by field: GCC 12 at -O3 misreports nested braced strings as maybe-uninitialized.
  bin::consumer_group_details details;
  details.group = bin::consumer_group_response{0, 3, 2, "g"};
  details.members = {bin::consumer_group_member{1, {0, 2}}, bin::consumer_group_member{2, {1}}};
  const bytes expected{
      0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 'g',  // group
      0x01, 0x00, 0x00, 0x00,  // member 1
      0x02, 0x00, 0x00, 0x00,  //   2 partitions
      0x00, 0x00, 0x00, 0x00,  //   partition 0
      0x02, 0x00, 0x00, 0x00,  //   partition 2
      0x02, 0x00, 0x00, 0x00,  // member 2
      0x01, 0x00, 0x00, 0x00,  //   1 partition
      0x01, 0x00, 0x00, 0x00,  //   partition 1
  };
  EXPECT_EQ(encoded(details), expected);
  auto d = bin::decode_consumer_group_details(expected);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, details);
  expect_decode_fails(bytes(expected.begin(), expected.end() - 1), bin::decode_consumer_group_details,
                      bin::status::invalid_format);
  // A member claiming more partitions than the payload holds.
  bytes greedy = expected;
  greedy[18] = 0xff;
  expect_decode_fails(greedy, bin::decode_consumer_group_details, bin::status::invalid_format);
}

// ---- users -------------------------------------------------------------------

bin::user_details root_details(std::optional<bin::permissions> perms) {
  bin::user_details d;
  d.user = bin::user_response{0, 7, bin::user_status::active, "iggy"};
  d.permissions = std::move(perms);
  return d;
}

const bytes user_bytes{
    0x00, 0x00, 0x00, 0x00,                          // id: root
    0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // created_at
    0x01,                                            // status: active
    0x04, 'i', 'g', 'g', 'y',                        // username
};

TEST(user_response, layout_and_list) {
  const bin::user_response user{0, 7, bin::user_status::active, "iggy"};
  expect_response_codec(user, user_bytes, bin::decode_user_response);
  auto list = bin::decode_user_list(cat({user_bytes, user_bytes}));
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
  bytes bad_status = user_bytes;
  bad_status[12] = 0x03;
  expect_decode_fails(bad_status, bin::decode_user_response, bin::status::invalid_format);
}

TEST(user_details, no_permissions_is_a_zero_u32) {
  const bin::user_details details = root_details(std::nullopt);
  expect_response_codec(details, cat({user_bytes, {0x00, 0x00, 0x00, 0x00}}), bin::decode_user_details);
  // One zero byte is not enough, and the three after it must be zero too.
  expect_decode_fails(cat({user_bytes, {0x00}}), bin::decode_user_details, bin::status::invalid_format);
  expect_decode_fails(cat({user_bytes, {0x00, 0x00, 0x01, 0x00}}), bin::decode_user_details,
                      bin::status::invalid_format);
}

TEST(user_details, permissions_are_flag_length_tree) {
  bin::permissions perms;
  perms.global.read_users = true;
  perms.streams[3].read_stream = true;
  const bin::user_details details = root_details(perms);
  const bytes tree{
      0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // global: read_users
      0x01,                                                        // has_streams
      0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,  // stream 3: read_stream
      0x00,                                                        // no topics
      0x00,                                                        // no next stream
  };
  expect_response_codec(details, cat({user_bytes, {0x01}, le32(23), tree}), bin::decode_user_details);
  expect_decode_fails(cat({user_bytes, {0x02}, le32(23), tree}), bin::decode_user_details,
                      bin::status::invalid_format);
}

// ---- clients -------------------------------------------------------------------

const bytes client_head{
    0x05, 0x00, 0x00, 0x00,  // client_id
    0x00, 0x00, 0x00, 0x00,  // user_id
    0x01,                    // transport: tcp
    0x0e, 0x00, 0x00, 0x00,  // address length
    '1', '2', '7', '.', '0', '.', '0', '.', '1', ':', '5', '0', '0', '0',
    0x01, 0x00, 0x00, 0x00,  // consumer_groups_count
};

TEST(client_response, is_17_bytes_plus_address) {
  const bin::client_response client{5, 0, bin::transport_kind::tcp, "127.0.0.1:5000", 1};
  EXPECT_EQ(client_head.size(), 17u + 14u);
  expect_response_codec(client, client_head, bin::decode_client_response);
  auto list = bin::decode_client_list(cat({client_head, client_head}));
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
  bytes bad_transport = client_head;
  bad_transport[8] = 0x05;
  expect_decode_fails(bad_transport, bin::decode_client_response, bin::status::invalid_format);
}

TEST(client_details, head_then_its_consumer_groups) {
  const bin::client_details details{5, 0, bin::transport_kind::tcp, "127.0.0.1:5000", {{1, 2, 3}}};
  const bytes expected = cat({client_head, {0x01, 0, 0, 0, 0x02, 0, 0, 0, 0x03, 0, 0, 0}});
  expect_response_codec(details, expected, bin::decode_client_details);
  bin::client_details none{7, 1, bin::transport_kind::websocket, "", {}};
  expect_response_codec(none, {0x07, 0, 0, 0, 0x01, 0, 0, 0, 0x04, 0, 0, 0, 0, 0, 0, 0, 0},
                        bin::decode_client_details);
}

}  // namespace
