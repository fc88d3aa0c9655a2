// Byte-exact tests of the stream, topic, partition and segment requests
// (reference §1, "Request and response payloads", 0.8 layouts).

#include <gtest/gtest.h>

#include <cstdint>

#include "codec_test_util.h"
#include "protocol/binary/requests/create_partitions.h"
#include "protocol/binary/requests/create_stream.h"
#include "protocol/binary/requests/create_topic.h"
#include "protocol/binary/requests/delete_partitions.h"
#include "protocol/binary/requests/delete_segments.h"
#include "protocol/binary/requests/delete_stream.h"
#include "protocol/binary/requests/delete_topic.h"
#include "protocol/binary/requests/get_stream.h"
#include "protocol/binary/requests/get_streams.h"
#include "protocol/binary/requests/get_topic.h"
#include "protocol/binary/requests/get_topics.h"
#include "protocol/binary/requests/purge_stream.h"
#include "protocol/binary/requests/purge_topic.h"
#include "protocol/binary/requests/update_stream.h"
#include "protocol/binary/requests/update_topic.h"

namespace {

using namespace codec_test;
using bin::identifier;

// Identifier::numeric(1), numeric(2) and named("orders") on the wire.
const bytes id_1{0x01, 0x04, 0x01, 0x00, 0x00, 0x00};
const bytes id_2{0x01, 0x04, 0x02, 0x00, 0x00, 0x00};
const bytes id_orders{0x02, 0x06, 'o', 'r', 'd', 'e', 'r', 's'};

TEST(stream_requests, codes) {
  EXPECT_EQ(static_cast<uint32_t>(bin::get_stream_request::code), 200u);
  EXPECT_EQ(static_cast<uint32_t>(bin::get_streams_request::code), 201u);
  EXPECT_EQ(static_cast<uint32_t>(bin::create_stream_request::code), 202u);
  EXPECT_EQ(static_cast<uint32_t>(bin::delete_stream_request::code), 203u);
  EXPECT_EQ(static_cast<uint32_t>(bin::update_stream_request::code), 204u);
  EXPECT_EQ(static_cast<uint32_t>(bin::purge_stream_request::code), 205u);
}

TEST(get_stream, is_one_identifier) {
  expect_request_codec(bin::get_stream_request{identifier::numeric(1)}, id_1, bin::decode_get_stream_request);
  expect_request_codec(bin::get_stream_request{identifier::named("orders")}, id_orders,
                       bin::decode_get_stream_request);
  expect_decode_fails({0x01, 0x03, 0x01, 0x00, 0x00}, bin::decode_get_stream_request, bin::status::invalid_identifier);
}

TEST(get_streams, is_empty) {
  EXPECT_TRUE(bin::encode(bin::get_streams_request{}).empty());
  EXPECT_TRUE(bin::decode_get_streams_request({}).ok());
  auto padded = bin::decode_get_streams_request(bytes{0x00});
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(padded->trailing_bytes, 1u);
}

TEST(create_stream, is_one_wire_name) {
  expect_request_codec(bin::create_stream_request{"orders"}, {0x06, 'o', 'r', 'd', 'e', 'r', 's'},
                       bin::decode_create_stream_request);
}

TEST(create_stream, rejects_empty_name_and_the_0_5_layout) {
  expect_decode_fails({0x00}, bin::decode_create_stream_request, bin::status::invalid_format);
  // 0.5 sent [stream_id:u32][name_len:u8][name]: its zero id reads as an empty name.
  expect_decode_fails({0x00, 0x00, 0x00, 0x00, 0x01, 's'}, bin::decode_create_stream_request,
                      bin::status::invalid_format);
}

TEST(delete_stream, is_one_identifier) {
  expect_request_codec(bin::delete_stream_request{identifier::named("orders")}, id_orders,
                       bin::decode_delete_stream_request);
}

TEST(update_stream, is_identifier_then_wire_name) {
  expect_request_codec(bin::update_stream_request{identifier::numeric(3), "new"},
                       {0x01, 0x04, 0x03, 0x00, 0x00, 0x00, 0x03, 'n', 'e', 'w'}, bin::decode_update_stream_request);
}

TEST(purge_stream, is_one_identifier) {
  expect_request_codec(bin::purge_stream_request{identifier::numeric(1)}, id_1, bin::decode_purge_stream_request);
}

TEST(topic_requests, codes) {
  EXPECT_EQ(static_cast<uint32_t>(bin::get_topic_request::code), 300u);
  EXPECT_EQ(static_cast<uint32_t>(bin::get_topics_request::code), 301u);
  EXPECT_EQ(static_cast<uint32_t>(bin::create_topic_request::code), 302u);
  EXPECT_EQ(static_cast<uint32_t>(bin::delete_topic_request::code), 303u);
  EXPECT_EQ(static_cast<uint32_t>(bin::update_topic_request::code), 304u);
  EXPECT_EQ(static_cast<uint32_t>(bin::purge_topic_request::code), 305u);
  EXPECT_EQ(static_cast<uint32_t>(bin::create_partitions_request::code), 402u);
  EXPECT_EQ(static_cast<uint32_t>(bin::delete_partitions_request::code), 403u);
  EXPECT_EQ(static_cast<uint32_t>(bin::delete_segments_request::code), 503u);
}

TEST(get_topic, is_stream_then_topic) {
  expect_request_codec(bin::get_topic_request{identifier::numeric(1), identifier::named("orders")},
                       cat({id_1, id_orders}), bin::decode_get_topic_request);
}

TEST(get_topics, is_stream) {
  expect_request_codec(bin::get_topics_request{identifier::named("orders")}, id_orders, bin::decode_get_topics_request);
}

TEST(create_topic, layout_0_8) {
  bin::create_topic_request req;
  req.stream = identifier::numeric(1);
  req.partitions_count = 3;
  req.compression = bin::compression_algorithm::none;
  req.message_expiry = 0;
  req.max_topic_size = UINT64_MAX;
  req.replication_factor = 0;
  req.name = "events";
  const bytes expected{
      0x01, 0x04, 0x01, 0x00, 0x00, 0x00,              // stream: numeric 1
      0x03, 0x00, 0x00, 0x00,                          // partitions_count
      0x01,                                            // compression: none
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // message_expiry: server default
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // max_topic_size: unlimited
      0x00,                                            // replication_factor: none
      0x06, 'e', 'v', 'e', 'n', 't', 's',              // name
  };
  expect_request_codec(req, expected, bin::decode_create_topic_request);
}

TEST(create_topic, rejects_unknown_compression) {
  bytes payload = cat({id_1, le32(1), {0x03}, le64(0), le64(0), {0x00}, {0x01, 't'}});
  expect_decode_fails(payload, bin::decode_create_topic_request, bin::status::invalid_format);
  payload[10] = 0x02;  // gzip is fine
  EXPECT_TRUE(bin::decode_create_topic_request(payload).ok());
}

TEST(delete_topic, is_stream_then_topic) {
  expect_request_codec(bin::delete_topic_request{identifier::numeric(1), identifier::numeric(2)}, cat({id_1, id_2}),
                       bin::decode_delete_topic_request);
}

TEST(delete_topic, as_the_node_sdk_0_8_sends_it) {
  // Two identifiers, then a stale u32 the SDK still writes. Iggy 0.8 deletes
  // the topic; so does Whippet.
  const bytes payload = cat({id_orders, id_2, le32(3)});
  auto r = bin::decode_delete_topic_request(payload);
  ASSERT_TRUE(r.ok()) << bin::status_name(static_cast<uint32_t>(r.error()));
  EXPECT_EQ(r->request, (bin::delete_topic_request{identifier::named("orders"), identifier::numeric(2)}));
  EXPECT_EQ(r->trailing_bytes, 4u);
}

TEST(delete_topic, cut_inside_an_identifier_is_invalid_command) {
  // The topic's string identifier claims 6 bytes but only 2 arrive.
  expect_decode_fails(cat({id_1, {0x02, 0x06, 'o', 'r'}}), bin::decode_delete_topic_request,
                      bin::status::invalid_command);
  // A malformed one is still InvalidIdentifier (a numeric id of 3 bytes).
  expect_decode_fails(cat({id_1, {0x01, 0x03, 0x02, 0x00, 0x00}}), bin::decode_delete_topic_request,
                      bin::status::invalid_identifier);
}

TEST(update_topic, layout_0_8) {
  bin::update_topic_request req{identifier::numeric(1), identifier::numeric(2), bin::compression_algorithm::gzip,
                                1'000'000, 0, 1, "t2"};
  const bytes expected{
      0x01, 0x04, 0x01, 0x00, 0x00, 0x00,              // stream
      0x01, 0x04, 0x02, 0x00, 0x00, 0x00,              // topic
      0x02,                                            // compression: gzip
      0x40, 0x42, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00,  // message_expiry: 1 s in µs
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // max_topic_size: server default
      0x01,                                            // replication_factor
      0x02, 't', '2',                                  // name
  };
  expect_request_codec(req, expected, bin::decode_update_topic_request);
}

TEST(purge_topic, is_stream_then_topic) {
  expect_request_codec(bin::purge_topic_request{identifier::named("orders"), identifier::numeric(2)},
                       cat({id_orders, id_2}), bin::decode_purge_topic_request);
}

TEST(create_partitions, is_stream_topic_count) {
  expect_request_codec(bin::create_partitions_request{identifier::numeric(1), identifier::numeric(2), 5},
                       cat({id_1, id_2, {0x05, 0x00, 0x00, 0x00}}), bin::decode_create_partitions_request);
}

TEST(delete_partitions, is_stream_topic_count) {
  expect_request_codec(bin::delete_partitions_request{identifier::numeric(1), identifier::numeric(2), 1},
                       cat({id_1, id_2, {0x01, 0x00, 0x00, 0x00}}), bin::decode_delete_partitions_request);
}

TEST(delete_segments, is_stream_topic_partition_count) {
  expect_request_codec(bin::delete_segments_request{identifier::numeric(1), identifier::numeric(2), 0, 2},
                       cat({id_1, id_2, {0x00, 0x00, 0x00, 0x00}, {0x02, 0x00, 0x00, 0x00}}),
                       bin::decode_delete_segments_request);
}

}  // namespace
