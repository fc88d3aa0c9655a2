// Byte-exact tests of poll_messages, flush_unsaved_buffer, the consumer
// offset requests and the consumer group requests (reference §1).

#include <gtest/gtest.h>

#include <cstdint>

#include "codec_test_util.h"
#include "protocol/binary/requests/create_consumer_group.h"
#include "protocol/binary/requests/delete_consumer_group.h"
#include "protocol/binary/requests/delete_consumer_offset.h"
#include "protocol/binary/requests/flush_unsaved_buffer.h"
#include "protocol/binary/requests/get_consumer_group.h"
#include "protocol/binary/requests/get_consumer_groups.h"
#include "protocol/binary/requests/get_consumer_offset.h"
#include "protocol/binary/requests/join_consumer_group.h"
#include "protocol/binary/requests/leave_consumer_group.h"
#include "protocol/binary/requests/poll_messages.h"
#include "protocol/binary/requests/store_consumer_offset.h"

namespace {

using namespace codec_test;
using bin::consumer;
using bin::identifier;

const bytes id_1{0x01, 0x04, 0x01, 0x00, 0x00, 0x00};
const bytes id_2{0x01, 0x04, 0x02, 0x00, 0x00, 0x00};
const bytes id_workers{0x02, 0x07, 'w', 'o', 'r', 'k', 'e', 'r', 's'};
const bytes consumer_1{0x01, 0x01, 0x04, 0x01, 0x00, 0x00, 0x00};  // consumer, numeric 1
const bytes partition_0{0x01, 0x00, 0x00, 0x00, 0x00};             // Some(0)
const bytes no_partition{0x00, 0x00, 0x00, 0x00, 0x00};            // None

TEST(message_requests, codes) {
  EXPECT_EQ(static_cast<uint32_t>(bin::poll_messages_request::code), 100u);
  EXPECT_EQ(static_cast<uint32_t>(bin::flush_unsaved_buffer_request::code), 102u);
  EXPECT_EQ(static_cast<uint32_t>(bin::get_consumer_offset_request::code), 120u);
  EXPECT_EQ(static_cast<uint32_t>(bin::store_consumer_offset_request::code), 121u);
  EXPECT_EQ(static_cast<uint32_t>(bin::delete_consumer_offset_request::code), 122u);
  EXPECT_EQ(static_cast<uint32_t>(bin::get_consumer_group_request::code), 600u);
  EXPECT_EQ(static_cast<uint32_t>(bin::get_consumer_groups_request::code), 601u);
  EXPECT_EQ(static_cast<uint32_t>(bin::create_consumer_group_request::code), 602u);
  EXPECT_EQ(static_cast<uint32_t>(bin::delete_consumer_group_request::code), 603u);
  EXPECT_EQ(static_cast<uint32_t>(bin::join_consumer_group_request::code), 604u);
  EXPECT_EQ(static_cast<uint32_t>(bin::leave_consumer_group_request::code), 605u);
}

TEST(poll_messages, consumer_partition_offset) {
  bin::poll_messages_request req{consumer::single(identifier::numeric(1)), identifier::numeric(1),
                                 identifier::numeric(2), 0u, bin::polling_strategy::offset(10), 100, true};
  const bytes expected{
      0x01, 0x01, 0x04, 0x01, 0x00, 0x00, 0x00,        // consumer: kind 1, numeric 1
      0x01, 0x04, 0x01, 0x00, 0x00, 0x00,              // stream
      0x01, 0x04, 0x02, 0x00, 0x00, 0x00,              // topic
      0x01, 0x00, 0x00, 0x00, 0x00,                    // partition: Some(0)
      0x01, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // strategy: offset 10
      0x64, 0x00, 0x00, 0x00,                          // count: 100
      0x01,                                            // auto_commit
  };
  expect_request_codec(req, expected, bin::decode_poll_messages_request);
}

TEST(poll_messages, group_without_partition_next) {
  bin::poll_messages_request req{consumer::group(identifier::named("workers")), identifier::numeric(1),
                                 identifier::numeric(2), std::nullopt, bin::polling_strategy::next(), 10, false};
  const bytes expected = cat({{0x02}, id_workers, id_1, id_2, no_partition, {0x05, 0, 0, 0, 0, 0, 0, 0, 0},
                              {0x0a, 0x00, 0x00, 0x00}, {0x00}});
  expect_request_codec(req, expected, bin::decode_poll_messages_request);
}

TEST(poll_messages, rejects_bad_kinds_and_flags) {
  const bytes strategy{0x01, 0, 0, 0, 0, 0, 0, 0, 0};
  const bytes count{0x01, 0x00, 0x00, 0x00};
  auto decode = bin::decode_poll_messages_request;
  EXPECT_TRUE(decode(cat({consumer_1, id_1, id_2, partition_0, strategy, count, {0x00}})).ok());
  expect_decode_fails(cat({{0x00, 0x01, 0x04, 0x01, 0, 0, 0}, id_1, id_2, partition_0, strategy, count, {0x00}}),
                      decode, bin::status::invalid_format);  // consumer kind 0
  expect_decode_fails(cat({consumer_1, id_1, id_2, partition_0, {0x06, 0, 0, 0, 0, 0, 0, 0, 0}, count, {0x00}}),
                      decode, bin::status::invalid_format);  // strategy 6
  expect_decode_fails(cat({consumer_1, id_1, id_2, {0x02, 0, 0, 0, 0}, strategy, count, {0x00}}), decode,
                      bin::status::invalid_format);  // partition flag 2
  expect_decode_fails(cat({consumer_1, id_1, id_2, partition_0, strategy, count, {0x02}}), decode,
                      bin::status::invalid_format);  // auto_commit 2
  expect_decode_fails(cat({consumer_1, {0x01, 0x02, 0x01, 0x00}, id_2, partition_0, strategy, count, {0x00}}), decode,
                      bin::status::invalid_identifier);
}

TEST(flush_unsaved_buffer, is_stream_topic_partition_fsync) {
  expect_request_codec(bin::flush_unsaved_buffer_request{identifier::numeric(1), identifier::numeric(2), 3, true},
                       cat({id_1, id_2, {0x03, 0x00, 0x00, 0x00}, {0x01}}), bin::decode_flush_unsaved_buffer_request);
  expect_decode_fails(cat({id_1, id_2, {0x03, 0x00, 0x00, 0x00}, {0x02}}), bin::decode_flush_unsaved_buffer_request,
                      bin::status::invalid_format);
}

TEST(get_consumer_offset, is_consumer_stream_topic_optional_partition) {
  expect_request_codec(
      bin::get_consumer_offset_request{consumer::single(identifier::numeric(1)), identifier::numeric(1),
                                       identifier::numeric(2), 0u},
      cat({consumer_1, id_1, id_2, partition_0}), bin::decode_get_consumer_offset_request);
  expect_request_codec(
      bin::get_consumer_offset_request{consumer::group(identifier::named("workers")), identifier::numeric(1),
                                       identifier::numeric(2), std::nullopt},
      cat({{0x02}, id_workers, id_1, id_2, no_partition}), bin::decode_get_consumer_offset_request);
}

TEST(store_consumer_offset, adds_the_offset) {
  expect_request_codec(
      bin::store_consumer_offset_request{consumer::single(identifier::numeric(1)), identifier::numeric(1),
                                         identifier::numeric(2), 0u, 0x1122334455667788},
      cat({consumer_1, id_1, id_2, partition_0, {0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11}}),
      bin::decode_store_consumer_offset_request);
}

TEST(delete_consumer_offset, is_consumer_stream_topic_optional_partition) {
  expect_request_codec(
      bin::delete_consumer_offset_request{consumer::single(identifier::numeric(1)), identifier::numeric(1),
                                          identifier::numeric(2), 7u},
      cat({consumer_1, id_1, id_2, {0x01, 0x07, 0x00, 0x00, 0x00}}), bin::decode_delete_consumer_offset_request);
}

TEST(get_consumer_group, is_stream_topic_group) {
  expect_request_codec(
      bin::get_consumer_group_request{identifier::numeric(1), identifier::numeric(2), identifier::named("workers")},
      cat({id_1, id_2, id_workers}), bin::decode_get_consumer_group_request);
}

TEST(get_consumer_groups, is_stream_topic) {
  expect_request_codec(bin::get_consumer_groups_request{identifier::numeric(1), identifier::numeric(2)},
                       cat({id_1, id_2}), bin::decode_get_consumer_groups_request);
}

TEST(create_consumer_group, is_stream_topic_name) {
  expect_request_codec(bin::create_consumer_group_request{identifier::numeric(1), identifier::numeric(2), "workers"},
                       cat({id_1, id_2, {0x07, 'w', 'o', 'r', 'k', 'e', 'r', 's'}}),
                       bin::decode_create_consumer_group_request);
  // 0.5 put a group id (u32, 0 = auto) before the name: its first byte reads as an empty name.
  expect_decode_fails(cat({id_1, id_2, {0x00, 0x00, 0x00, 0x00, 0x01, 'g'}}), bin::decode_create_consumer_group_request,
                      bin::status::invalid_format);
}

TEST(delete_consumer_group, is_stream_topic_group) {
  expect_request_codec(
      bin::delete_consumer_group_request{identifier::numeric(1), identifier::numeric(2), identifier::numeric(0)},
      cat({id_1, id_2, {0x01, 0x04, 0x00, 0x00, 0x00, 0x00}}), bin::decode_delete_consumer_group_request);
}

TEST(join_consumer_group, is_stream_topic_group) {
  expect_request_codec(
      bin::join_consumer_group_request{identifier::numeric(1), identifier::numeric(2), identifier::named("workers")},
      cat({id_1, id_2, id_workers}), bin::decode_join_consumer_group_request);
}

TEST(leave_consumer_group, is_stream_topic_group) {
  expect_request_codec(
      bin::leave_consumer_group_request{identifier::numeric(1), identifier::numeric(2), identifier::named("workers")},
      cat({id_1, id_2, id_workers}), bin::decode_leave_consumer_group_request);
}

}  // namespace
