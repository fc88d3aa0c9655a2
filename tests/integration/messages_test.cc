// send_messages and poll_messages over TCP: partitioning, every polling
// strategy, auto-commit and stored offsets.

#include "api.h"
#include "bytes/checksum.h"
#include "protocol/binary/requests/delete_consumer_offset.h"
#include "protocol/binary/requests/get_consumer_offset.h"
#include "protocol/binary/requests/store_consumer_offset.h"
#include "protocol/binary/responses/consumer_offset.h"
#include "support/server_process.h"

using namespace whippet;
using namespace whippet::testkit;

namespace {

class messages_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(server_.address().empty()) << server_.process().output();
    client_ = std::make_unique<api>(server_.address());
    ASSERT_EQ(client_->login(), 0u);
    stream_ = client_->create_stream("orders");
    topic_ = client_->create_topic(stream_, "created", 3);
  }

  std::vector<std::string> numbered(int from, int to) {
    std::vector<std::string> out;
    for (int i = from; i < to; ++i) out.push_back("m" + std::to_string(i));
    return out;
  }

  server_process server_;
  std::unique_ptr<api> client_;
  uint32_t stream_ = 0, topic_ = 0;
};

}  // namespace

TEST_F(messages_test, send_to_partition_then_poll_from_offset) {
  ASSERT_EQ(client_->send(stream_, topic_, bin::partitioning::to_partition(0), numbered(0, 10)), 0u);
  auto p = client_->poll(consumer_id(1), stream_, topic_, 0, bin::polling_strategy::offset(0), 100);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->partition_id, 0u);
  EXPECT_EQ(p->current_offset, 9u);
  ASSERT_EQ(p->offsets.size(), 10u);
  for (uint64_t i = 0; i < 10; ++i) {
    EXPECT_EQ(p->offsets[i], i);
    EXPECT_EQ(p->payloads[i], "m" + std::to_string(i));
  }
  auto middle = client_->poll(consumer_id(1), stream_, topic_, 0, bin::polling_strategy::offset(4), 3);
  ASSERT_TRUE(middle.ok());
  EXPECT_EQ(middle->offsets, (std::vector<uint64_t>{4, 5, 6}));
}

TEST_F(messages_test, every_polling_strategy) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(client_->send(stream_, topic_, bin::partitioning::to_partition(1), numbered(i * 4, i * 4 + 4)), 0u);
  }
  auto first = client_->poll(consumer_id(1), stream_, topic_, 1, bin::polling_strategy::first(), 2);
  EXPECT_EQ(first->offsets, (std::vector<uint64_t>{0, 1}));
  auto last = client_->poll(consumer_id(1), stream_, topic_, 1, bin::polling_strategy::last(), 3);
  EXPECT_EQ(last->offsets, (std::vector<uint64_t>{17, 18, 19}));
  auto by_time = client_->poll(consumer_id(1), stream_, topic_, 1, bin::polling_strategy::timestamp(0), 1);
  EXPECT_EQ(by_time->offsets, (std::vector<uint64_t>{0}));
  auto future = client_->poll(consumer_id(1), stream_, topic_, 1, bin::polling_strategy::timestamp(UINT64_MAX / 2), 5);
  EXPECT_TRUE(future->offsets.empty());
  // next: from the stored offset + 1, committing as it goes.
  auto n1 = client_->poll(consumer_id(7), stream_, topic_, 1, bin::polling_strategy::next(), 5, true);
  EXPECT_EQ(n1->offsets, (std::vector<uint64_t>{0, 1, 2, 3, 4}));
  auto n2 = client_->poll(consumer_id(7), stream_, topic_, 1, bin::polling_strategy::next(), 5, true);
  EXPECT_EQ(n2->offsets, (std::vector<uint64_t>{5, 6, 7, 8, 9}));
  // Without auto-commit, next does not move.
  auto n3 = client_->poll(consumer_id(7), stream_, topic_, 1, bin::polling_strategy::next(), 2, false);
  auto n4 = client_->poll(consumer_id(7), stream_, topic_, 1, bin::polling_strategy::next(), 2, false);
  EXPECT_EQ(n3->offsets, n4->offsets);
  EXPECT_EQ(n3->offsets, (std::vector<uint64_t>{10, 11}));
}

TEST_F(messages_test, balanced_partitioning_round_robins) {
  for (int i = 0; i < 6; ++i) ASSERT_EQ(client_->send(stream_, topic_, bin::partitioning::balanced(), {"x"}), 0u);
  for (uint32_t p = 0; p < 3; ++p) {
    auto r = client_->poll(consumer_id(1), stream_, topic_, p, bin::polling_strategy::first(), 100);
    EXPECT_EQ(r->offsets.size(), 2u) << "partition " << p;
  }
}

TEST_F(messages_test, messages_key_always_lands_in_the_same_partition) {
  const std::vector<uint8_t> key{'u', 's', 'e', 'r', '-', '4', '2'};
  for (int i = 0; i < 5; ++i) ASSERT_EQ(client_->send(stream_, topic_, bin::partitioning::by_key(key), {"k"}), 0u);
  // Iggy's rule: XxHash32(seed 0, key) % partitions. xxh32("user-42") % 3, computed independently:
  const uint32_t expected = bytes::xxh32(key.data(), key.size()) % 3;
  size_t total = 0;
  for (uint32_t p = 0; p < 3; ++p) {
    auto r = client_->poll(consumer_id(1), stream_, topic_, p, bin::polling_strategy::first(), 100);
    if (p == expected) {
      EXPECT_EQ(r->offsets.size(), 5u);
    }
    total += r->offsets.size();
  }
  EXPECT_EQ(total, 5u);
}

TEST_F(messages_test, bad_sends_are_refused_with_iggy_statuses) {
  EXPECT_EQ(client_->send(stream_, topic_, bin::partitioning::to_partition(3), {"x"}),
            static_cast<uint32_t>(bin::status::partition_not_found));
  EXPECT_EQ(client_->send(stream_, 999, bin::partitioning::balanced(), {"x"}),
            static_cast<uint32_t>(bin::status::topic_id_not_found));
  EXPECT_EQ(client_->send(999, topic_, bin::partitioning::balanced(), {"x"}),
            static_cast<uint32_t>(bin::status::stream_id_not_found));
  EXPECT_EQ(client_->send(stream_, topic_, bin::partitioning::balanced(), {""}),
            static_cast<uint32_t>(bin::status::empty_message_payload));
  // Nothing of a refused batch is stored.
  EXPECT_EQ(client_->send(stream_, topic_, bin::partitioning::to_partition(2), {"ok", ""}),
            static_cast<uint32_t>(bin::status::empty_message_payload));
  auto r = client_->poll(consumer_id(1), stream_, topic_, 2, bin::polling_strategy::first(), 10);
  EXPECT_TRUE(r->offsets.empty());
}

TEST_F(messages_test, consumer_offsets_store_get_delete) {
  ASSERT_EQ(client_->send(stream_, topic_, bin::partitioning::to_partition(0), numbered(0, 10)), 0u);
  bin::get_consumer_offset_request get{consumer_id(5), bin::identifier::numeric(stream_),
                                       bin::identifier::numeric(topic_), 0};
  auto none = client_->call(get);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());  // nothing stored yet
  bin::store_consumer_offset_request store{consumer_id(5), bin::identifier::numeric(stream_),
                                           bin::identifier::numeric(topic_), 0, 6};
  ASSERT_EQ(client_->status_of(store), 0u);
  auto got = client_->call(get);
  ASSERT_TRUE(got.ok());
  auto decoded = bin::decode_consumer_offset_response(*got);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->stored_offset, 6u);
  EXPECT_EQ(decoded->current_offset, 9u);
  auto next = client_->poll(consumer_id(5), stream_, topic_, 0, bin::polling_strategy::next(), 2);
  EXPECT_EQ(next->offsets, (std::vector<uint64_t>{7, 8}));
  bin::delete_consumer_offset_request del{consumer_id(5), bin::identifier::numeric(stream_),
                                          bin::identifier::numeric(topic_), 0};
  EXPECT_EQ(client_->status_of(del), 0u);
  EXPECT_EQ(client_->status_of(del), static_cast<uint32_t>(bin::status::consumer_offset_not_found));
}

TEST_F(messages_test, large_poll_is_served_whole) {
  std::vector<std::string> big;
  for (int i = 0; i < 200; ++i) big.push_back(std::string(10000, static_cast<char>('a' + i % 26)));
  ASSERT_EQ(client_->send(stream_, topic_, bin::partitioning::to_partition(0), big), 0u);
  auto r = client_->poll(consumer_id(1), stream_, topic_, 0, bin::polling_strategy::offset(0), 1000);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->payloads.size(), 200u);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(r->payloads[i], big[i]);
}

// system.segment.direct_io: polls of recent messages are answered from the
// shard's tail cache (memory), older ones from the file, and a reply that
// spans both carries every message once, in order, checksums intact.
TEST(direct_io_messages, polls_are_answered_from_the_tail_cache_and_the_file_alike) {
  server_process server(std::map<std::string, std::string>{{"WHIPPET_SYSTEM_SEGMENT_DIRECT_IO", "true"},
                                                            {"WHIPPET_SYSTEM_SEGMENT_TAIL_CACHE", "1 MiB"}});
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  api c(server.address());
  ASSERT_EQ(c.login(), 0u);
  const uint32_t stream = c.create_stream("direct");
  const uint32_t topic = c.create_topic(stream, "t", 1);
  auto payload = [](int i) {
    std::string s = "d" + std::to_string(i) + ":";
    s.resize(1000, static_cast<char>('a' + i % 26));
    return s;
  };
  constexpr int total = 3000;  // ~3 MiB: three times the cache
  for (int b = 0; b < total; b += 100) {
    std::vector<std::string> batch;
    for (int i = b; i < b + 100; ++i) batch.push_back(payload(i));
    ASSERT_EQ(c.send(stream, topic, bin::partitioning::to_partition(0), batch), 0u);
  }
  for (const uint32_t step : {700u, 3000u}) {
    uint64_t next = 0;
    for (int guard = 0; guard < 100 && next < total; ++guard) {
      auto p = c.poll(consumer_id(1), stream, topic, 0, bin::polling_strategy::offset(next), step);
      ASSERT_TRUE(p.ok());
      ASSERT_FALSE(p->offsets.empty());
      for (size_t i = 0; i < p->offsets.size(); ++i) {
        ASSERT_EQ(p->offsets[i], next + i);
        ASSERT_EQ(p->payloads[i], payload(static_cast<int>(next + i)));
      }
      next += p->offsets.size();
    }
    EXPECT_EQ(next, static_cast<uint64_t>(total));
  }
  auto last = c.poll(consumer_id(1), stream, topic, 0, bin::polling_strategy::last(), 5);
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->offsets.size(), 5u);
  EXPECT_EQ(last->payloads[4], payload(total - 1));
}
