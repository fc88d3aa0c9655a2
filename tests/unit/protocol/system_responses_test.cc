// Byte-exact tests of the other replies: stats (0.8 layout), identity,
// personal access tokens, consumer offsets, polled messages and cluster
// metadata (reference §1).

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>

#include "codec_test_util.h"
#include "protocol/binary/responses/cluster_metadata.h"
#include "protocol/binary/responses/consumer_offset.h"
#include "protocol/binary/responses/identity.h"
#include "protocol/binary/responses/personal_access_token.h"
#include "protocol/binary/responses/polled_messages.h"
#include "protocol/binary/responses/stats.h"

namespace {

using namespace codec_test;

// ---- stats -----------------------------------------------------------------------

bin::stats_response sample_stats() {
  bin::stats_response s;
  s.process_id = 4242;
  s.cpu_usage = 12.5f;
  s.total_cpu_usage = 50.25f;
  s.memory_usage = 1'000'000;
  s.total_memory = 16'000'000'000;
  s.available_memory = 8'000'000'000;
  s.run_time = 3'600'000'000;
  s.start_time = 1'700'000'000'000'000;
  s.read_bytes = 11;
  s.written_bytes = 22;
  s.messages_size_bytes = 33;
  s.streams_count = 1;
  s.topics_count = 2;
  s.partitions_count = 3;
  s.segments_count = 4;
  s.messages_count = 55;
  s.clients_count = 6;
  s.consumer_groups_count = 7;
  s.hostname = "host";
  s.os_name = "Linux";
  s.os_version = "12";
  s.kernel_version = "6.1";
  s.iggy_server_version = "0.8.0";
  s.iggy_server_semver = 8000;
  s.cache_metrics = {{1, 2, 3, 100, 25, 0.8f}};
  s.threads_count = 8;
  s.free_disk_space = 500;
  s.total_disk_space = 1000;
  return s;
}

bytes sample_stats_fixed_part() {
  return cat({le32(4242), f32(12.5f), f32(50.25f), le64(1'000'000), le64(16'000'000'000), le64(8'000'000'000),
              le64(3'600'000'000), le64(1'700'000'000'000'000), le64(11), le64(22), le64(33), le32(1), le32(2), le32(3),
              le32(4), le64(55), le32(6), le32(7)});
}

bytes sample_stats_bytes_up_to_0_7() {
  return cat({sample_stats_fixed_part(),
              le32(4), str("host"), le32(5), str("Linux"), le32(2), str("12"), le32(3), str("6.1"), le32(5), str("0.8.0"),
              le32(8000),                                                          // iggy_server_semver
              le32(1), le32(1), le32(2), le32(3), le64(100), le64(25), f32(0.8f)});  // one cache metric
}

TEST(stats, fixed_part_is_108_bytes) { EXPECT_EQ(sample_stats_fixed_part().size(), bin::stats_fixed_size); }

// The encoding of a stats reply, checked whole: every prefix but the one that
// ends where Iggy 0.8's layout ends fails, as does a trailing byte.
void expect_stats_codec(const bin::stats_response& value, const bytes& expected, size_t iggy_0_8_size) {
  EXPECT_EQ(encoded(value), expected);
  auto d = bin::decode_stats_response(expected);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(*d == value);
  for (size_t n = 0; n < expected.size(); ++n) {
    if (n == iggy_0_8_size) continue;
    auto r = bin::decode_stats_response(bytes(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(n)));
    ASSERT_FALSE(r.ok()) << "a " << n << "-byte prefix decoded";
  }
  bytes longer = expected;
  longer.push_back(0);
  EXPECT_FALSE(bin::decode_stats_response(longer).ok());
}

TEST(stats, layout_0_8_with_trailing_fields_then_failed_partitions) {
  const bytes iggy = cat({sample_stats_bytes_up_to_0_7(), le32(8), le64(500), le64(1000)});
  // fixed part, five strings, semver, cache metrics count, one metric, 0.8 trailing fields
  EXPECT_EQ(iggy.size(), 108u + (4 + 4) + (4 + 5) + (4 + 2) + (4 + 3) + (4 + 5) + 4 + 4 + 32 + (4 + 8 + 8));
  auto s = sample_stats();
  s.failed_partitions = {{1, 2, 0}, {3, 4, 5}};
  const bytes expected = cat({iggy, le32(2), le32(1), le32(2), le32(0), le32(3), le32(4), le32(5)});
  expect_stats_codec(s, expected, iggy.size());
}

TEST(stats, a_reply_of_an_iggy_server_has_no_failed_partitions) {
  const bytes iggy = cat({sample_stats_bytes_up_to_0_7(), le32(8), le64(500), le64(1000)});
  auto d = bin::decode_stats_response(iggy);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(*d == sample_stats());
  EXPECT_TRUE(d->failed_partitions.empty());
}

TEST(stats, the_0_8_trailing_fields_are_required) {
  expect_decode_fails(sample_stats_bytes_up_to_0_7(), bin::decode_stats_response, bin::status::invalid_format);
}

TEST(stats, a_failed_partitions_count_larger_than_the_reply_is_refused) {
  const bytes b = cat({sample_stats_bytes_up_to_0_7(), le32(8), le64(500), le64(1000), le32(1000), le32(1)});
  expect_decode_fails(b, bin::decode_stats_response, bin::status::invalid_format);
}

TEST(stats, absent_semver_is_zero_and_no_cache_metrics) {
  bin::stats_response s;
  s.iggy_server_version = "x";
  const bytes iggy = cat({bytes(108, 0), le32(0), le32(0), le32(0), le32(0), le32(1), str("x"), le32(0), le32(0),
                          le32(0), le64(0), le64(0)});
  expect_stats_codec(s, cat({iggy, le32(0)}), iggy.size());
}

// ---- identity, tokens, offsets -----------------------------------------------------

TEST(identity_response, is_u32_user_id) {
  expect_response_codec(bin::identity_response{42}, {0x2a, 0x00, 0x00, 0x00}, bin::decode_identity_response);
}

TEST(raw_personal_access_token, is_a_wire_name) {
  expect_response_codec(bin::raw_personal_access_token{"token"}, {0x05, 't', 'o', 'k', 'e', 'n'},
                        bin::decode_raw_personal_access_token);
}

TEST(personal_access_token_info, list_of_name_and_expiry) {
  const bin::personal_access_token_info ci{"ci", 0};
  const bin::personal_access_token_info dev{"dev", 123};
  const bytes ci_bytes{0x02, 'c', 'i', 0, 0, 0, 0, 0, 0, 0, 0};
  const bytes dev_bytes{0x03, 'd', 'e', 'v', 0x7b, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(encoded(ci), ci_bytes);
  EXPECT_EQ(encoded(dev), dev_bytes);
  const bytes list = cat({ci_bytes, dev_bytes});
  auto d = bin::decode_personal_access_token_list(list);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->size(), 2u);
  EXPECT_EQ((*d)[0], ci);
  EXPECT_EQ((*d)[1], dev);
  EXPECT_TRUE(bin::decode_personal_access_token_list({})->empty());
  expect_decode_fails(bytes(list.begin(), list.end() - 1), bin::decode_personal_access_token_list,
                      bin::status::invalid_format);
}

TEST(consumer_offset_response, is_20_bytes) {
  const bytes expected = cat({le32(1), le64(9), le64(5)});
  expect_response_codec(bin::consumer_offset_response{1, 9, 5}, expected, bin::decode_consumer_offset_response);
  auto stored = bin::decode_stored_consumer_offset(expected);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->value(), (bin::consumer_offset_response{1, 9, 5}));
}

TEST(consumer_offset_response, empty_reply_means_nothing_stored) {
  auto stored = bin::decode_stored_consumer_offset({});
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->has_value());
  expect_decode_fails({}, bin::decode_consumer_offset_response, bin::status::invalid_format);
  expect_decode_fails({0x01}, bin::decode_stored_consumer_offset, bin::status::invalid_format);
}

// ---- polled messages -------------------------------------------------------------

bytes message(std::string_view payload) {
  bytes header(64, 0);
  const bytes len = le32(static_cast<uint32_t>(payload.size()));
  std::copy(len.begin(), len.end(), header.begin() + 52);
  return cat({header, str(payload)});
}

TEST(polled_messages, header_then_messages_without_index) {
  const bin::polled_messages_header header{0, 41, 2};
  const bytes header_bytes{
      0x00, 0x00, 0x00, 0x00,                          // partition_id
      0x29, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // current_offset
      0x02, 0x00, 0x00, 0x00,                          // messages_count
  };
  EXPECT_EQ(encoded(header), header_bytes);
  const bytes payload = cat({header_bytes, message("a"), message("bc")});
  auto d = bin::decode_polled_messages(payload);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->header, header);
  EXPECT_EQ(d->messages.data(), payload.data() + bin::polled_messages_header_size);
  EXPECT_EQ(d->messages.size(), 65u + 66u);
  expect_decode_fails(bytes(payload.begin(), payload.end() - 1), bin::decode_polled_messages,
                      bin::status::invalid_format);
  expect_decode_fails(cat({payload, {0x00}}), bin::decode_polled_messages, bin::status::invalid_format);
  expect_decode_fails(bytes(header_bytes.begin(), header_bytes.end() - 1), bin::decode_polled_messages,
                      bin::status::invalid_format);
}

TEST(polled_messages, count_must_match_the_messages) {
  const bytes payload = cat({le32(0), le64(41), le32(3), message("a"), message("bc")});
  expect_decode_fails(payload, bin::decode_polled_messages, bin::status::invalid_format);
  auto none = bin::decode_polled_messages(cat({le32(0), le64(0), le32(0)}));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->messages.empty());
}

// ---- cluster metadata ------------------------------------------------------------

TEST(cluster_metadata, name_then_nodes) {
  const bin::cluster_metadata meta{"c1",
                                   {{"n1", "127.0.0.1", 8090, 8080, 3000, 8092, bin::cluster_node_role::follower,
                                     bin::cluster_node_status::stopping}}};
  const bytes expected = cat({le32(2), str("c1"), le32(1),                     // name, nodes_count
                              le32(2), str("n1"), le32(9), str("127.0.0.1"),  // node name, ip
                              le16(8090), le16(8080), le16(3000), le16(8092),  // tcp, quic, http, websocket
                              {0x01, 0x02}});                                  // role, status
  expect_response_codec(meta, expected, bin::decode_cluster_metadata);
}

TEST(cluster_metadata, single_node_as_iggy_0_8_answers_without_clustering) {
  // Iggy's defaults: TCP 8090, QUIC 8080, HTTP 3000, WebSocket 8092.
  const bin::cluster_metadata meta{"single-node",
                                   {{"iggy-node", "127.0.0.1", 8090, 8080, 3000, 8092, bin::cluster_node_role::leader,
                                     bin::cluster_node_status::healthy}}};
  const bytes expected = cat({le32(11), str("single-node"), le32(1), le32(9), str("iggy-node"), le32(9),
                              str("127.0.0.1"), le16(8090), le16(8080), le16(3000), le16(8092), {0x00, 0x00}});
  expect_response_codec(meta, expected, bin::decode_cluster_metadata);
}

TEST(cluster_metadata, rejects_unknown_role_and_status) {
  const bytes head = cat({le32(1), str("c"), le32(1), le32(1), str("n"), le32(1), str("h"), le16(1), le16(0),
                          le16(0), le16(0)});
  EXPECT_TRUE(bin::decode_cluster_metadata(cat({head, {0x01, 0x05}})).ok());  // follower, unknown
  expect_decode_fails(cat({head, {0x02, 0x00}}), bin::decode_cluster_metadata, bin::status::invalid_format);
  expect_decode_fails(cat({head, {0x00, 0x06}}), bin::decode_cluster_metadata, bin::status::invalid_format);
}

}  // namespace
