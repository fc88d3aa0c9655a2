// Streams, topics, partitions and segments over TCP: create, get, list,
// update, delete and purge, name conflicts and unknown ids or names,
// partition counts, delete_segments, flush_unsaved_buffer, and the sizes and
// message counts that get_stream and get_topic report.

#include "api.h"
#include "protocol/binary/requests/create_partitions.h"
#include "protocol/binary/requests/delete_partitions.h"
#include "protocol/binary/requests/delete_segments.h"
#include "protocol/binary/requests/delete_stream.h"
#include "protocol/binary/requests/delete_topic.h"
#include "protocol/binary/requests/flush_unsaved_buffer.h"
#include "protocol/binary/requests/get_streams.h"
#include "protocol/binary/requests/get_topics.h"
#include "protocol/binary/requests/purge_stream.h"
#include "protocol/binary/requests/purge_topic.h"
#include "protocol/binary/requests/update_stream.h"
#include "protocol/binary/requests/update_topic.h"
#include "support/server_process.h"

using namespace whippet;
using namespace whippet::testkit;

namespace {

constexpr uint64_t k_header = 64;  // bytes of message header before each payload

std::vector<std::string> payloads(int n, size_t size, char fill = 'x') {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(std::string(size, static_cast<char>(fill + i % 10)));
  return out;
}

class streams_topics_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(server_.address().empty()) << server_.process().output();
    c_ = std::make_unique<api>(server_.address());
    ASSERT_EQ(c_->login(), 0u);
  }

  std::vector<bin::stream_response> streams() {
    return c_->fetch(bin::get_streams_request{}, [](std::span<const uint8_t> p) { return bin::decode_stream_list(p); })
        .value_or(std::vector<bin::stream_response>{});
  }
  std::vector<bin::topic_header> topics(const bin::identifier& stream) {
    return c_->fetch(bin::get_topics_request{stream},
                     [](std::span<const uint8_t> p) { return bin::decode_topic_list(p); })
        .value_or(std::vector<bin::topic_header>{});
  }
  // True when get_stream / get_topic answers an empty OK, as for an unknown stream or topic.
  bool stream_unknown(const bin::identifier& s) {
    auto p = c_->payload_of(bin::get_stream_request{s});
    return p && p->empty();
  }
  bool topic_unknown(const bin::identifier& s, const bin::identifier& t) {
    auto p = c_->payload_of(bin::get_topic_request{s, t});
    return p && p->empty();
  }

  server_process server_;
  std::unique_ptr<api> c_;
};

}  // namespace

TEST_F(streams_topics_test, streams_are_created_with_ids_from_zero_and_listed) {
  auto created = c_->fetch(bin::create_stream_request{"orders"},
                           [](std::span<const uint8_t> p) { return bin::decode_stream_response(p); });
  ASSERT_TRUE(created);
  EXPECT_EQ(created->id, 0u);
  EXPECT_EQ(created->name, "orders");
  EXPECT_EQ(created->topics_count, 0u);
  EXPECT_EQ(created->messages_count, 0u);
  EXPECT_GT(created->created_at, 0u);
  EXPECT_EQ(c_->create_stream("payments"), 1u);

  auto by_id = c_->get_stream(num(0));
  auto by_name = c_->get_stream(named("orders"));
  ASSERT_TRUE(by_id && by_name);
  EXPECT_EQ(by_id->stream, created.value());
  EXPECT_EQ(by_name->stream, created.value());
  EXPECT_TRUE(by_id->topics.empty());

  auto all = streams();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "orders");
  EXPECT_EQ(all[1].name, "payments");
  EXPECT_EQ(all[1].id, 1u);
}

TEST_F(streams_topics_test, stream_name_conflicts_and_unknown_streams) {
  const uint32_t orders = c_->create_stream("orders");
  const uint32_t payments = c_->create_stream("payments");
  EXPECT_EQ(c_->status_of(bin::create_stream_request{"orders"}), code(bin::status::stream_name_already_exists));
  EXPECT_EQ(c_->status_of(bin::update_stream_request{num(payments), "orders"}),
            code(bin::status::stream_name_already_exists));
  // Renaming a stream to its own name is no conflict.
  EXPECT_EQ(c_->status_of(bin::update_stream_request{num(orders), "orders"}), 0u);

  EXPECT_EQ(c_->status_of(bin::delete_stream_request{num(99)}), code(bin::status::stream_id_not_found));
  EXPECT_EQ(c_->status_of(bin::delete_stream_request{named("nope")}), code(bin::status::stream_name_not_found));
  EXPECT_EQ(c_->status_of(bin::update_stream_request{num(99), "x"}), code(bin::status::stream_id_not_found));
  EXPECT_EQ(c_->status_of(bin::update_stream_request{named("nope"), "x"}), code(bin::status::stream_name_not_found));
  EXPECT_EQ(c_->status_of(bin::purge_stream_request{num(99)}), code(bin::status::stream_id_not_found));
  EXPECT_EQ(c_->status_of(bin::purge_stream_request{named("nope")}), code(bin::status::stream_name_not_found));
  EXPECT_EQ(c_->status_of(bin::get_topics_request{named("nope")}), code(bin::status::stream_name_not_found));

  // get_stream of an unknown stream is an empty OK, by id and by name.
  EXPECT_TRUE(stream_unknown(num(99)));
  EXPECT_TRUE(stream_unknown(named("nope")));
  EXPECT_EQ(streams().size(), 2u);
}

TEST_F(streams_topics_test, update_then_delete_stream) {
  const uint32_t id = c_->create_stream("orders");
  const uint32_t topic = c_->create_topic(id, "created", 2);
  ASSERT_EQ(c_->send(id, topic, bin::partitioning::to_partition(1), {"a", "b"}), 0u);

  ASSERT_EQ(c_->status_of(bin::update_stream_request{named("orders"), "orders-v2"}), 0u);
  auto renamed = c_->get_stream(named("orders-v2"));
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->stream.id, id);
  EXPECT_EQ(renamed->stream.topics_count, 1u);
  EXPECT_TRUE(stream_unknown(named("orders")));

  ASSERT_EQ(c_->status_of(bin::delete_stream_request{num(id)}), 0u);
  EXPECT_TRUE(stream_unknown(num(id)));
  EXPECT_TRUE(streams().empty());
  EXPECT_EQ(c_->status_of(bin::delete_stream_request{num(id)}), code(bin::status::stream_id_not_found));
  EXPECT_EQ(c_->send(id, topic, bin::partitioning::balanced(), {"x"}), code(bin::status::stream_id_not_found));

  // The name is free again, and the new stream starts empty.
  const uint32_t again = c_->create_stream("orders-v2");
  ASSERT_NE(again, UINT32_MAX);
  auto fresh = c_->get_stream(num(again));
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->stream.topics_count, 0u);
  EXPECT_EQ(fresh->stream.messages_count, 0u);
}

TEST_F(streams_topics_test, topics_are_created_with_their_settings_and_listed) {
  const uint32_t s = c_->create_stream("orders");
  bin::create_topic_request req;
  req.stream = named("orders");
  req.partitions_count = 3;
  req.compression = bin::compression_algorithm::gzip;
  req.message_expiry = 3'600'000'000;  // 1 h
  req.max_topic_size = 1'000'000'000;
  req.name = "created";
  auto created = c_->fetch(req, [](std::span<const uint8_t> p) { return bin::decode_topic_details(p); });
  ASSERT_TRUE(created);
  EXPECT_EQ(created->topic.id, 0u);
  EXPECT_EQ(created->topic.name, "created");
  EXPECT_EQ(created->topic.partitions_count, 3u);
  EXPECT_EQ(created->topic.compression, bin::compression_algorithm::gzip);
  EXPECT_EQ(created->topic.message_expiry, 3'600'000'000u);
  EXPECT_EQ(created->topic.max_topic_size, 1'000'000'000u);
  ASSERT_EQ(created->partitions.size(), 3u);
  for (uint32_t p = 0; p < 3; ++p) {
    EXPECT_EQ(created->partitions[p].id, p);
    EXPECT_EQ(created->partitions[p].messages_count, 0u);
  }
  EXPECT_EQ(c_->create_topic(s, "cancelled", 1), 1u);

  auto by_id = c_->get_topic(num(s), num(0));
  auto by_name = c_->get_topic(named("orders"), named("created"));
  ASSERT_TRUE(by_id && by_name);
  EXPECT_EQ(by_id->topic.name, "created");
  EXPECT_EQ(by_id->topic, by_name->topic);
  EXPECT_EQ(by_id->topic.message_expiry, 3'600'000'000u);
  EXPECT_EQ(by_id->partitions.size(), 3u);

  auto listed = topics(num(s));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "created");
  EXPECT_EQ(listed[1].name, "cancelled");
  EXPECT_EQ(listed[1].partitions_count, 1u);

  auto stream = c_->get_stream(num(s));
  ASSERT_TRUE(stream);
  EXPECT_EQ(stream->stream.topics_count, 2u);
  ASSERT_EQ(stream->topics.size(), 2u);
  EXPECT_EQ(stream->topics[0].name, "created");
  EXPECT_EQ(stream->topics[1].name, "cancelled");
}

TEST_F(streams_topics_test, topic_name_conflicts_and_unknown_topics) {
  const uint32_t s = c_->create_stream("orders");
  const uint32_t other = c_->create_stream("billing");
  const uint32_t created = c_->create_topic(s, "created", 1);
  const uint32_t cancelled = c_->create_topic(s, "cancelled", 1);
  // The same topic name in another stream is no conflict.
  EXPECT_EQ(c_->create_topic(other, "created", 1), 0u);

  bin::create_topic_request dup;
  dup.stream = num(s);
  dup.partitions_count = 1;
  dup.name = "created";
  EXPECT_EQ(c_->status_of(dup), code(bin::status::topic_name_already_exists));
  bin::update_topic_request rename{num(s), num(cancelled), bin::compression_algorithm::none, 0, 0, 0, "created"};
  EXPECT_EQ(c_->status_of(rename), code(bin::status::topic_name_already_exists));

  dup.stream = num(99);
  dup.name = "fresh";
  EXPECT_EQ(c_->status_of(dup), code(bin::status::stream_id_not_found));
  dup.stream = named("nope");
  EXPECT_EQ(c_->status_of(dup), code(bin::status::stream_name_not_found));

  EXPECT_EQ(c_->status_of(bin::delete_topic_request{num(s), num(99)}), code(bin::status::topic_id_not_found));
  EXPECT_EQ(c_->status_of(bin::delete_topic_request{num(s), named("nope")}), code(bin::status::topic_name_not_found));
  EXPECT_EQ(c_->status_of(bin::delete_topic_request{num(99), num(created)}), code(bin::status::stream_id_not_found));
  EXPECT_EQ(c_->status_of(bin::purge_topic_request{num(s), num(99)}), code(bin::status::topic_id_not_found));
  EXPECT_EQ(c_->status_of(bin::purge_topic_request{num(s), named("nope")}), code(bin::status::topic_name_not_found));
  rename.topic = num(99);
  rename.name = "x";
  EXPECT_EQ(c_->status_of(rename), code(bin::status::topic_id_not_found));
  rename.topic = named("nope");
  EXPECT_EQ(c_->status_of(rename), code(bin::status::topic_name_not_found));
  EXPECT_EQ(c_->status_of(bin::create_partitions_request{num(s), num(99), 1}), code(bin::status::topic_id_not_found));
  EXPECT_EQ(c_->status_of(bin::delete_partitions_request{num(s), named("nope"), 1}),
            code(bin::status::topic_name_not_found));
  EXPECT_EQ(c_->status_of(bin::delete_segments_request{num(s), num(99), 0, 1}), code(bin::status::topic_id_not_found));

  // get_topic of an unknown topic, or in an unknown stream, is an empty OK.
  EXPECT_TRUE(topic_unknown(num(s), num(99)));
  EXPECT_TRUE(topic_unknown(num(s), named("nope")));
  EXPECT_TRUE(topic_unknown(num(99), num(created)));
  EXPECT_TRUE(topic_unknown(named("nope"), named("created")));
}

TEST_F(streams_topics_test, update_topic_changes_name_and_settings) {
  const uint32_t s = c_->create_stream("orders");
  const uint32_t t = c_->create_topic(s, "created", 2);
  bin::update_topic_request req{num(s), named("created"), bin::compression_algorithm::gzip, 7'000'000, 5'000'000'000,
                                0, "created-v2"};
  ASSERT_EQ(c_->status_of(req), 0u);
  auto got = c_->get_topic(num(s), named("created-v2"));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->topic.id, t);
  EXPECT_EQ(got->topic.compression, bin::compression_algorithm::gzip);
  EXPECT_EQ(got->topic.message_expiry, 7'000'000u);
  EXPECT_EQ(got->topic.max_topic_size, 5'000'000'000u);
  EXPECT_EQ(got->topic.partitions_count, 2u);
  EXPECT_TRUE(topic_unknown(num(s), named("created")));
}

TEST_F(streams_topics_test, delete_topic_removes_it_and_its_messages) {
  const uint32_t s = c_->create_stream("orders");
  const uint32_t keep = c_->create_topic(s, "keep", 1);
  const uint32_t t = c_->create_topic(s, "doomed", 2);
  ASSERT_EQ(c_->send(s, t, bin::partitioning::to_partition(0), {"a", "b", "c"}), 0u);
  ASSERT_EQ(c_->send(s, keep, bin::partitioning::to_partition(0), {"k"}), 0u);

  ASSERT_EQ(c_->status_of(bin::delete_topic_request{num(s), named("doomed")}), 0u);
  EXPECT_TRUE(topic_unknown(num(s), num(t)));
  auto listed = topics(num(s));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].name, "keep");
  auto stream = c_->get_stream(num(s));
  ASSERT_TRUE(stream);
  EXPECT_EQ(stream->stream.topics_count, 1u);
  EXPECT_EQ(stream->stream.messages_count, 1u);
  EXPECT_EQ(c_->send(s, t, bin::partitioning::to_partition(0), {"x"}), code(bin::status::topic_id_not_found));

  // A topic with the same name starts empty.
  const uint32_t again = c_->create_topic(s, "doomed", 2);
  auto r = c_->poll(consumer_id(1), s, again, 0, bin::polling_strategy::first(), 10);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->offsets.empty());
}

TEST_F(streams_topics_test, partitions_are_added_and_removed_from_the_end) {
  const uint32_t s = c_->create_stream("orders");
  const uint32_t t = c_->create_topic(s, "created", 2);
  ASSERT_EQ(c_->status_of(bin::create_partitions_request{num(s), num(t), 3}), 0u);
  auto grown = c_->get_topic(num(s), num(t));
  ASSERT_TRUE(grown);
  EXPECT_EQ(grown->topic.partitions_count, 5u);
  ASSERT_EQ(grown->partitions.size(), 5u);
  for (uint32_t p = 0; p < 5; ++p) EXPECT_EQ(grown->partitions[p].id, p);
  ASSERT_EQ(c_->send(s, t, bin::partitioning::to_partition(4), {"new"}), 0u);
  auto polled = c_->poll(consumer_id(1), s, t, 4, bin::polling_strategy::first(), 10);
  ASSERT_TRUE(polled.ok());
  EXPECT_EQ(polled->payloads, (std::vector<std::string>{"new"}));

  ASSERT_EQ(c_->status_of(bin::delete_partitions_request{named("orders"), named("created"), 2}), 0u);
  auto shrunk = c_->get_topic(num(s), num(t));
  ASSERT_TRUE(shrunk);
  EXPECT_EQ(shrunk->topic.partitions_count, 3u);
  ASSERT_EQ(shrunk->partitions.size(), 3u);
  EXPECT_EQ(shrunk->partitions.back().id, 2u);
  EXPECT_EQ(c_->send(s, t, bin::partitioning::to_partition(4), {"x"}), code(bin::status::partition_not_found));
  EXPECT_EQ(c_->send(s, t, bin::partitioning::to_partition(2), {"x"}), 0u);

  // Removing more partitions than the topic has is refused and changes nothing.
  EXPECT_NE(c_->status_of(bin::delete_partitions_request{num(s), num(t), 4}), 0u);
  auto unchanged = c_->get_topic(num(s), num(t));
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(unchanged->topic.partitions_count, 3u);
  // Growing again reuses the freed ids, and the re-created partition is empty.
  ASSERT_EQ(c_->status_of(bin::create_partitions_request{num(s), num(t), 2}), 0u);
  auto regrown = c_->get_topic(num(s), num(t));
  ASSERT_TRUE(regrown);
  ASSERT_EQ(regrown->partitions.size(), 5u);
  EXPECT_EQ(regrown->partitions[4].messages_count, 0u);
  auto empty = c_->poll(consumer_id(1), s, t, 4, bin::polling_strategy::first(), 10);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->offsets.empty());
}

TEST_F(streams_topics_test, partition_count_limits) {
  const uint32_t s = c_->create_stream("orders");
  bin::create_topic_request req;
  req.stream = num(s);
  req.partitions_count = 1001;  // Iggy's limit is 1000 per topic
  req.name = "huge";
  EXPECT_EQ(c_->status_of(req), code(bin::status::too_many_partitions));
  EXPECT_TRUE(topic_unknown(num(s), named("huge")));

  // A topic may start without partitions; sending to it is NoPartitions.
  req.partitions_count = 0;
  req.name = "empty";
  ASSERT_EQ(c_->status_of(req), 0u);
  auto empty = c_->get_topic(num(s), named("empty"));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->topic.partitions_count, 0u);
  EXPECT_TRUE(empty->partitions.empty());
  EXPECT_EQ(c_->send(s, empty->topic.id, bin::partitioning::balanced(), {"x"}), code(bin::status::no_partitions));

  ASSERT_EQ(c_->status_of(bin::create_partitions_request{num(s), named("empty"), 2}), 0u);
  EXPECT_EQ(c_->status_of(bin::create_partitions_request{num(s), named("empty"), 999}),
            code(bin::status::too_many_partitions));  // 2 + 999 > 1000
  auto grown = c_->get_topic(num(s), named("empty"));
  ASSERT_TRUE(grown);
  EXPECT_EQ(grown->topic.partitions_count, 2u);
  EXPECT_EQ(c_->send(s, grown->topic.id, bin::partitioning::balanced(), {"x"}), 0u);
}

TEST_F(streams_topics_test, sizes_and_message_counts_follow_sends) {
  const uint32_t s = c_->create_stream("orders");
  const uint32_t a = c_->create_topic(s, "a", 2);
  const uint32_t b = c_->create_topic(s, "b", 1);
  ASSERT_EQ(c_->send(s, a, bin::partitioning::to_partition(0), payloads(10, 2)), 0u);
  ASSERT_EQ(c_->send(s, a, bin::partitioning::to_partition(1), payloads(5, 100)), 0u);
  ASSERT_EQ(c_->send(s, a, bin::partitioning::to_partition(1), payloads(2, 30)), 0u);
  ASSERT_EQ(c_->send(s, b, bin::partitioning::to_partition(0), payloads(3, 1000)), 0u);

  const uint64_t p0_size = 10 * (k_header + 2);
  const uint64_t p1_size = 5 * (k_header + 100) + 2 * (k_header + 30);
  const uint64_t b_size = 3 * (k_header + 1000);

  auto ta = c_->get_topic(num(s), num(a));
  ASSERT_TRUE(ta);
  ASSERT_EQ(ta->partitions.size(), 2u);
  EXPECT_EQ(ta->partitions[0].messages_count, 10u);
  EXPECT_EQ(ta->partitions[0].current_offset, 9u);
  EXPECT_EQ(ta->partitions[0].size_bytes, p0_size);
  EXPECT_GE(ta->partitions[0].segments_count, 1u);
  EXPECT_EQ(ta->partitions[1].messages_count, 7u);
  EXPECT_EQ(ta->partitions[1].current_offset, 6u);
  EXPECT_EQ(ta->partitions[1].size_bytes, p1_size);
  EXPECT_EQ(ta->topic.messages_count, 17u);
  EXPECT_EQ(ta->topic.size_bytes, p0_size + p1_size);

  auto listed = topics(num(s));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].messages_count, 17u);
  EXPECT_EQ(listed[1].messages_count, 3u);
  EXPECT_EQ(listed[1].size_bytes, b_size);

  auto stream = c_->get_stream(num(s));
  ASSERT_TRUE(stream);
  EXPECT_EQ(stream->stream.messages_count, 20u);
  EXPECT_EQ(stream->stream.size_bytes, p0_size + p1_size + b_size);
  ASSERT_EQ(stream->topics.size(), 2u);
  EXPECT_EQ(stream->topics[0].messages_count, 17u);
  EXPECT_EQ(stream->topics[1].size_bytes, b_size);
  auto all = streams();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].messages_count, 20u);
  EXPECT_EQ(all[0].size_bytes, p0_size + p1_size + b_size);
}

TEST_F(streams_topics_test, purge_topic_empties_its_partitions_only) {
  const uint32_t s = c_->create_stream("orders");
  const uint32_t t = c_->create_topic(s, "created", 2);
  const uint32_t other = c_->create_topic(s, "other", 1);
  ASSERT_EQ(c_->send(s, t, bin::partitioning::to_partition(0), payloads(4, 10)), 0u);
  ASSERT_EQ(c_->send(s, t, bin::partitioning::to_partition(1), payloads(3, 10)), 0u);
  ASSERT_EQ(c_->send(s, other, bin::partitioning::to_partition(0), payloads(2, 10)), 0u);

  ASSERT_EQ(c_->status_of(bin::purge_topic_request{num(s), named("created")}), 0u);
  auto purged = c_->get_topic(num(s), num(t));
  ASSERT_TRUE(purged);
  EXPECT_EQ(purged->topic.messages_count, 0u);
  EXPECT_EQ(purged->topic.size_bytes, 0u);
  EXPECT_EQ(purged->topic.partitions_count, 2u);
  for (const auto& p : purged->partitions) {
    EXPECT_EQ(p.messages_count, 0u);
    EXPECT_EQ(p.size_bytes, 0u);
    auto r = c_->poll(consumer_id(1), s, t, p.id, bin::polling_strategy::first(), 100);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->offsets.empty()) << "partition " << p.id;
  }
  auto untouched = c_->get_topic(num(s), num(other));
  ASSERT_TRUE(untouched);
  EXPECT_EQ(untouched->topic.messages_count, 2u);

  // The purged topic takes new messages.
  ASSERT_EQ(c_->send(s, t, bin::partitioning::to_partition(0), {"after"}), 0u);
  auto r = c_->poll(consumer_id(1), s, t, 0, bin::polling_strategy::first(), 100);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->payloads, (std::vector<std::string>{"after"}));
}

TEST_F(streams_topics_test, purge_stream_empties_every_topic_and_keeps_them) {
  const uint32_t s = c_->create_stream("orders");
  const uint32_t keep = c_->create_stream("keep");
  const uint32_t a = c_->create_topic(s, "a", 2);
  const uint32_t b = c_->create_topic(s, "b", 1);
  const uint32_t k = c_->create_topic(keep, "k", 1);
  ASSERT_EQ(c_->send(s, a, bin::partitioning::balanced(), payloads(6, 10)), 0u);
  ASSERT_EQ(c_->send(s, b, bin::partitioning::balanced(), payloads(2, 10)), 0u);
  ASSERT_EQ(c_->send(keep, k, bin::partitioning::balanced(), payloads(3, 10)), 0u);

  ASSERT_EQ(c_->status_of(bin::purge_stream_request{named("orders")}), 0u);
  auto stream = c_->get_stream(num(s));
  ASSERT_TRUE(stream);
  EXPECT_EQ(stream->stream.topics_count, 2u);
  EXPECT_EQ(stream->stream.messages_count, 0u);
  EXPECT_EQ(stream->stream.size_bytes, 0u);
  for (uint32_t t : {a, b}) {
    auto details = c_->get_topic(num(s), num(t));
    ASSERT_TRUE(details);
    for (const auto& p : details->partitions) {
      EXPECT_EQ(p.messages_count, 0u);
      auto r = c_->poll(consumer_id(1), s, t, p.id, bin::polling_strategy::first(), 100);
      ASSERT_TRUE(r.ok());
      EXPECT_TRUE(r->offsets.empty());
    }
  }
  auto kept = c_->get_stream(num(keep));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->stream.messages_count, 3u);
}

TEST_F(streams_topics_test, flush_unsaved_buffer_with_and_without_fsync) {
  const uint32_t s = c_->create_stream("orders");
  const uint32_t t = c_->create_topic(s, "created", 2);
  ASSERT_EQ(c_->send(s, t, bin::partitioning::to_partition(1), payloads(5, 20)), 0u);
  EXPECT_EQ(c_->status_of(bin::flush_unsaved_buffer_request{num(s), num(t), 1, false}), 0u);
  EXPECT_EQ(c_->status_of(bin::flush_unsaved_buffer_request{named("orders"), named("created"), 1, true}), 0u);
  EXPECT_EQ(c_->status_of(bin::flush_unsaved_buffer_request{num(s), num(t), 0, true}), 0u);  // nothing to flush
  EXPECT_EQ(c_->status_of(bin::flush_unsaved_buffer_request{num(s), num(t), 2, true}),
            code(bin::status::partition_not_found));
  EXPECT_EQ(c_->status_of(bin::flush_unsaved_buffer_request{num(s), num(99), 0, false}),
            code(bin::status::topic_id_not_found));
  EXPECT_EQ(c_->status_of(bin::flush_unsaved_buffer_request{num(99), num(t), 0, false}),
            code(bin::status::stream_id_not_found));
  auto r = c_->poll(consumer_id(1), s, t, 1, bin::polling_strategy::first(), 100);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->offsets.size(), 5u);
}

TEST(streams_topics_segments, delete_segments_removes_the_oldest_sealed_segments) {
  // 4 KiB segments: each 1000-byte message is 1064 bytes, so a segment holds at most three.
  server_process server(std::map<std::string, std::string>{{"WHIPPET_SYSTEM_SEGMENT_SIZE", "4 KiB"}});
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  api c(server.address());
  ASSERT_EQ(c.login(), 0u);
  const uint32_t s = c.create_stream("orders");
  const uint32_t t = c.create_topic(s, "created", 1);
  for (int i = 0; i < 20; ++i) ASSERT_EQ(c.send(s, t, bin::partitioning::to_partition(0), payloads(1, 1000)), 0u);

  auto before = c.get_topic(num(s), num(t));
  ASSERT_TRUE(before);
  const auto segments = before->partitions[0].segments_count;
  ASSERT_GE(segments, 4u) << "expected several segments of 4 KiB";
  EXPECT_EQ(before->partitions[0].messages_count, 20u);

  ASSERT_EQ(c.status_of(bin::delete_segments_request{num(s), num(t), 0, 2}), 0u);
  auto after = c.get_topic(num(s), num(t));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->partitions[0].segments_count, segments - 2);
  EXPECT_LT(after->partitions[0].messages_count, 20u);
  EXPECT_EQ(after->partitions[0].current_offset, 19u);

  auto first = c.poll(consumer_id(1), s, t, 0, bin::polling_strategy::first(), 100);
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->offsets.empty());
  EXPECT_GT(first->offsets.front(), 0u);
  EXPECT_EQ(first->offsets.back(), 19u);
  EXPECT_EQ(first->offsets.size(), after->partitions[0].messages_count);
  // The remaining messages are intact and new ones continue the offsets.
  ASSERT_EQ(c.send(s, t, bin::partitioning::to_partition(0), {"tail"}), 0u);
  auto last = c.poll(consumer_id(1), s, t, 0, bin::polling_strategy::last(), 1);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->offsets, (std::vector<uint64_t>{20}));

  EXPECT_EQ(c.status_of(bin::delete_segments_request{num(s), num(t), 1, 1}), code(bin::status::partition_not_found));
  EXPECT_EQ(c.status_of(bin::delete_segments_request{num(99), num(t), 0, 1}), code(bin::status::stream_id_not_found));
}
