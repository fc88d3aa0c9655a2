// Byte-exact tests of the shared primitives (reference §1 "Primitives" and "Permissions").

#include "protocol/binary/primitives.h"

#include <gtest/gtest.h>

#include <string>

#include "codec_test_util.h"

namespace {

using namespace codec_test;
using whippet::bytes::byte_reader;
using whippet::bytes::byte_writer;

template <typename T, typename Write>
bytes written(const T& v, Write write) {
  bytes out;
  byte_writer w(out);
  write(w, v);
  return out;
}

// Adapts read_x(reader) into a whole-payload decoder for the shared checks.
template <typename Read>
auto whole(Read read) {
  return [read](const bytes& b) {
    byte_reader r(b);
    auto v = read(r);
    using result_t = decltype(v);
    if (!v) return v;
    if (!r.empty()) return result_t(whippet::fail(bin::status::invalid_format));
    return v;
  };
}

TEST(identifier, numeric_is_kind_1_len_4_u32) {
  const auto id = bin::identifier::numeric(5);
  const bytes expected{0x01, 0x04, 0x05, 0x00, 0x00, 0x00};
  EXPECT_EQ(written(id, bin::write_identifier), expected);
  auto d = whole(bin::read_identifier)(expected);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, id);
  EXPECT_EQ(id.to_string(), "5");
  expect_rejects_truncated_and_trailing(expected, whole(bin::read_identifier));
}

TEST(identifier, string_is_kind_2_len_utf8) {
  const auto id = bin::identifier::named("orders");
  const bytes expected{0x02, 0x06, 'o', 'r', 'd', 'e', 'r', 's'};
  EXPECT_EQ(written(id, bin::write_identifier), expected);
  auto d = whole(bin::read_identifier)(expected);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, id);
  EXPECT_EQ(id.to_string(), "orders");
  expect_rejects_truncated_and_trailing(expected, whole(bin::read_identifier));
}

TEST(identifier, rejects_malformed_with_invalid_identifier) {
  const auto decode = whole(bin::read_identifier);
  expect_decode_fails({0x01, 0x02, 0x05, 0x00}, decode, bin::status::invalid_identifier);              // numeric, len 2
  expect_decode_fails({0x01, 0x08, 1, 2, 3, 4, 5, 6, 7, 8}, decode, bin::status::invalid_identifier);  // numeric, len 8
  expect_decode_fails({0x02, 0x00}, decode, bin::status::invalid_identifier);                          // empty name
  expect_decode_fails({0x00, 0x04, 1, 0, 0, 0}, decode, bin::status::invalid_identifier);              // kind 0
  expect_decode_fails({0x03, 0x01, 'x'}, decode, bin::status::invalid_identifier);                     // kind 3
  expect_decode_fails({0x02, 0x02, 0xc3, 0x28}, decode, bin::status::invalid_identifier);              // bad UTF-8
}

TEST(identifier, validity) {
  EXPECT_TRUE(bin::identifier::numeric(0).is_valid());
  EXPECT_TRUE(bin::identifier::named(std::string(255, 'x')).is_valid());
  EXPECT_FALSE(bin::identifier::named(std::string(256, 'x')).is_valid());
  EXPECT_FALSE(bin::identifier::named("").is_valid());
}

TEST(wire_name, is_len_u8_then_utf8) {
  const bytes expected{0x03, 'a', 'b', 'c'};
  EXPECT_EQ(written(std::string("abc"), bin::write_wire_name), expected);
  auto d = whole(bin::read_wire_name)(expected);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, "abc");
  expect_rejects_truncated_and_trailing(expected, whole(bin::read_wire_name));
}

TEST(wire_name, takes_255_bytes_and_rejects_empty_or_bad_utf8) {
  bytes longest{0xff};
  longest.resize(256, 'n');
  EXPECT_TRUE(whole(bin::read_wire_name)(longest).ok());
  expect_decode_fails({0x00}, whole(bin::read_wire_name), bin::status::invalid_format);
  expect_decode_fails({0x02, 0xc0, 0x80}, whole(bin::read_wire_name), bin::status::invalid_format);
  EXPECT_FALSE(bin::is_valid_wire_name(""));
  EXPECT_FALSE(bin::is_valid_wire_name(std::string(256, 'n')));
  EXPECT_TRUE(bin::is_valid_wire_name(std::string(255, 'n')));
}

TEST(utf8, accepts_valid_and_rejects_malformed_sequences) {
  EXPECT_TRUE(bin::is_valid_utf8("plain"));
  EXPECT_TRUE(bin::is_valid_utf8("z\xc3\xbcrich"));             // ü
  EXPECT_TRUE(bin::is_valid_utf8("\xe2\x82\xac"));              // €
  EXPECT_TRUE(bin::is_valid_utf8("\xf0\x9f\x90\xb3"));          // 🐳
  EXPECT_FALSE(bin::is_valid_utf8("\xc0\x80"));                 // overlong NUL
  EXPECT_FALSE(bin::is_valid_utf8("\xe0\x80\xaf"));             // overlong '/'
  EXPECT_FALSE(bin::is_valid_utf8("\xed\xa0\x80"));             // surrogate
  EXPECT_FALSE(bin::is_valid_utf8("\xf4\x90\x80\x80"));         // above U+10FFFF
  EXPECT_FALSE(bin::is_valid_utf8("\xe2\x82"));                 // cut short
  EXPECT_FALSE(bin::is_valid_utf8("\x80"));                     // stray continuation
  EXPECT_FALSE(bin::is_valid_utf8("\xff"));
}

TEST(u8_and_u32_strings, allow_empty) {
  EXPECT_EQ(written(std::string(""), bin::write_u8_string), (bytes{0x00}));
  EXPECT_EQ(written(std::string("pw"), bin::write_u8_string), (bytes{0x02, 'p', 'w'}));
  EXPECT_EQ(written(std::string(""), bin::write_u32_string), (bytes{0, 0, 0, 0}));
  EXPECT_EQ(written(std::string("v1"), bin::write_u32_string), (bytes{0x02, 0, 0, 0, 'v', '1'}));
  auto d = whole(bin::read_u32_string)(bytes{0x02, 0, 0, 0, 'v', '1'});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, "v1");
  expect_rejects_truncated_and_trailing({0x02, 0, 0, 0, 'v', '1'}, whole(bin::read_u32_string));
  expect_rejects_truncated_and_trailing({0x02, 'p', 'w'}, whole(bin::read_u8_string));
}

TEST(bool_flag, is_0_or_1) {
  EXPECT_EQ(*whole(bin::read_bool)(bytes{0}), false);
  EXPECT_EQ(*whole(bin::read_bool)(bytes{1}), true);
  expect_decode_fails({2}, whole(bin::read_bool), bin::status::invalid_format);
}

TEST(consumer, is_kind_then_identifier) {
  const auto c = bin::consumer::single(bin::identifier::numeric(7));
  const bytes expected{0x01, 0x01, 0x04, 0x07, 0x00, 0x00, 0x00};
  EXPECT_EQ(written(c, bin::write_consumer), expected);
  EXPECT_EQ(*whole(bin::read_consumer)(expected), c);
  expect_rejects_truncated_and_trailing(expected, whole(bin::read_consumer));

  const auto g = bin::consumer::group(bin::identifier::named("g1"));
  const bytes group_bytes{0x02, 0x02, 0x02, 'g', '1'};
  EXPECT_EQ(written(g, bin::write_consumer), group_bytes);
  EXPECT_EQ(*whole(bin::read_consumer)(group_bytes), g);

  expect_decode_fails({0x03, 0x01, 0x04, 0x07, 0, 0, 0}, whole(bin::read_consumer), bin::status::invalid_format);
  expect_decode_fails({0x01, 0x01, 0x03, 0x07, 0, 0}, whole(bin::read_consumer), bin::status::invalid_identifier);
}

TEST(partitioning, three_kinds) {
  const auto decode = whole(bin::read_partitioning);
  const bytes balanced{0x01, 0x00};
  const bytes to_three{0x02, 0x04, 0x03, 0x00, 0x00, 0x00};
  const bytes by_key{0x03, 0x03, 'k', 'e', 'y'};
  EXPECT_EQ(written(bin::partitioning::balanced(), bin::write_partitioning), balanced);
  EXPECT_EQ(written(bin::partitioning::to_partition(3), bin::write_partitioning), to_three);
  EXPECT_EQ(written(bin::partitioning::by_key({'k', 'e', 'y'}), bin::write_partitioning), by_key);
  EXPECT_EQ(*decode(balanced), bin::partitioning::balanced());
  EXPECT_EQ(*decode(to_three), bin::partitioning::to_partition(3));
  EXPECT_EQ(*decode(by_key), bin::partitioning::by_key({'k', 'e', 'y'}));
  expect_rejects_truncated_and_trailing(to_three, decode);
  expect_rejects_truncated_and_trailing(by_key, decode);
}

TEST(partitioning, rejects_wrong_lengths_and_kinds) {
  const auto decode = whole(bin::read_partitioning);
  expect_decode_fails({0x01, 0x01, 0x00}, decode, bin::status::invalid_format);        // balanced with a value
  expect_decode_fails({0x02, 0x02, 0x03, 0x00}, decode, bin::status::invalid_format);  // partition id, len 2
  expect_decode_fails({0x03, 0x00}, decode, bin::status::invalid_format);              // empty key
  expect_decode_fails({0x04, 0x00}, decode, bin::status::invalid_format);              // kind 4
}

TEST(polling_strategy, is_kind_then_u64) {
  const auto decode = whole(bin::read_polling_strategy);
  const bytes offset_10{0x01, 0x0a, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(written(bin::polling_strategy::offset(10), bin::write_polling_strategy), offset_10);
  EXPECT_EQ(*decode(offset_10), bin::polling_strategy::offset(10));
  EXPECT_EQ(written(bin::polling_strategy::timestamp(0x0102030405060708), bin::write_polling_strategy),
            (bytes{0x02, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01}));
  EXPECT_EQ(written(bin::polling_strategy::first(), bin::write_polling_strategy), (bytes{0x03, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(written(bin::polling_strategy::last(), bin::write_polling_strategy), (bytes{0x04, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(written(bin::polling_strategy::next(), bin::write_polling_strategy), (bytes{0x05, 0, 0, 0, 0, 0, 0, 0, 0}));
  expect_rejects_truncated_and_trailing(offset_10, decode);
  expect_decode_fails({0x00, 0, 0, 0, 0, 0, 0, 0, 0}, decode, bin::status::invalid_format);
  expect_decode_fails({0x06, 0, 0, 0, 0, 0, 0, 0, 0}, decode, bin::status::invalid_format);
}

TEST(optional_partition_id, is_flag_then_u32) {
  const auto decode = whole(bin::read_optional_partition_id);
  const bytes none{0x00, 0x00, 0x00, 0x00, 0x00};
  const bytes some_3{0x01, 0x03, 0x00, 0x00, 0x00};
  const bytes some_0{0x01, 0x00, 0x00, 0x00, 0x00};
  EXPECT_EQ(written(std::optional<uint32_t>{}, bin::write_optional_partition_id), none);
  EXPECT_EQ(written(std::optional<uint32_t>{3}, bin::write_optional_partition_id), some_3);
  EXPECT_FALSE(decode(none)->has_value());
  EXPECT_EQ(*decode(some_3), std::optional<uint32_t>{3});
  EXPECT_EQ(*decode(some_0), std::optional<uint32_t>{0});  // 0 is a real partition since 0.6
  expect_rejects_truncated_and_trailing(some_3, decode);
  expect_decode_fails({0x02, 0, 0, 0, 0}, decode, bin::status::invalid_format);
}

bin::permissions sample_permissions() {
  bin::permissions p;
  p.global = {.manage_servers = true, .read_users = true, .read_streams = true, .read_topics = true,
              .poll_messages = true};
  bin::stream_permissions s1{
      .read_stream = true, .read_topics = true, .poll_messages = true, .send_messages = true, .topics = {}};
  s1.topics[2] = {.manage_topic = true, .read_topic = true};
  s1.topics[7] = {.poll_messages = true, .send_messages = true};
  p.streams[1] = s1;
  p.streams[9] = {true, true, true, true, true, true, {}};
  return p;
}

const bytes sample_permissions_bytes{
    0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x01, 0x00,  // global: 10 flags
    0x01,                                                        // has_streams
    0x01, 0x00, 0x00, 0x00,                                      // stream 1
    0x00, 0x01, 0x00, 0x01, 0x01, 0x01,                          //   6 flags
    0x01,                                                        //   has_topics
    0x02, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,        //   topic 2, 4 flags, has_next_topic
    0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00,        //   topic 7, 4 flags, no next topic
    0x01,                                                        //   has_next_stream
    0x09, 0x00, 0x00, 0x00,                                      // stream 9
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01,                          //   6 flags
    0x00,                                                        //   no topics
    0x00,                                                        //   no next stream
};

TEST(permissions, global_only_is_11_bytes) {
  bin::permissions p;
  p.global.send_messages = true;
  const bytes expected{0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
  EXPECT_EQ(written(p, bin::write_permissions), expected);
  EXPECT_EQ(*whole(bin::read_permissions)(expected), p);
  expect_rejects_truncated_and_trailing(expected, whole(bin::read_permissions));
}

TEST(permissions, streams_and_topics_are_linked_lists) {
  const auto p = sample_permissions();
  EXPECT_EQ(sample_permissions_bytes.size(), 53u);
  EXPECT_EQ(written(p, bin::write_permissions), sample_permissions_bytes);
  auto d = whole(bin::read_permissions)(sample_permissions_bytes);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, p);
  expect_rejects_truncated_and_trailing(sample_permissions_bytes, whole(bin::read_permissions));
}

TEST(permissions, rejects_duplicate_ids_and_non_boolean_flags) {
  const auto decode = whole(bin::read_permissions);
  bytes twice = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  const bytes stream_5 = {5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  twice = cat({twice, stream_5, {0x01}, stream_5, {0x00}});
  expect_decode_fails(twice, decode, bin::status::invalid_format);

  bytes flag_2 = sample_permissions_bytes;
  flag_2[3] = 0x02;
  expect_decode_fails(flag_2, decode, bin::status::invalid_format);
}

TEST(optional_permissions, none_is_one_zero_byte_some_is_flag_len_tree) {
  const auto decode = whole(bin::read_optional_permissions);
  EXPECT_EQ(written(std::optional<bin::permissions>{}, bin::write_optional_permissions), (bytes{0x00}));
  EXPECT_FALSE(decode(bytes{0x00})->has_value());

  const bytes expected = cat({{0x01}, le32(53), sample_permissions_bytes});
  EXPECT_EQ(written(std::optional<bin::permissions>{sample_permissions()}, bin::write_optional_permissions), expected);
  EXPECT_EQ(*decode(expected), sample_permissions());
  expect_rejects_truncated_and_trailing(expected, decode);
}

TEST(optional_permissions, length_must_match_the_tree) {
  const auto decode = whole(bin::read_optional_permissions);
  // A length one byte too long: the tree ends before the declared length.
  expect_decode_fails(cat({{0x01}, le32(54), sample_permissions_bytes, {0x00}}), decode, bin::status::invalid_format);
  // A length one byte too short: the tree runs past it.
  expect_decode_fails(cat({{0x01}, le32(52), sample_permissions_bytes}), decode, bin::status::invalid_format);
}

}  // namespace
