// The C++ SDK against a spawned server: async client, producer (batching,
// linger, backpressure, errors), consumer (iterator, callback, groups,
// commit) and reconnection after a server restart.

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "bytes/checksum.h"
#include "bytes/endian.h"
#include "client/async_client.h"
#include "client/message.h"
#include "model/message_layout.h"
#include "client/consumer.h"
#include "client/producer.h"
#include "client/quick.h"
#include "support/server_process.h"

using namespace whippet;
using namespace whippet::client;
using namespace whippet::testkit;
using namespace std::chrono_literals;

namespace {

const credentials k_root{"iggy", "iggy", ""};

class sdk_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(server_.address().empty()) << server_.process().output();
    auto c = open(server_.address(), k_root);
    ASSERT_TRUE(c.ok());
    admin_ = std::make_unique<client::client>(std::move(*c));
    ASSERT_TRUE(admin_->create_stream("sdk").ok());
    ASSERT_TRUE(admin_->create_topic(identifier::named("sdk"), "events", 2).ok());
  }

  producer_config producer_for(bin::partitioning p = bin::partitioning::balanced()) {
    producer_config c;
    c.stream = identifier::named("sdk");
    c.topic = identifier::named("events");
    c.partitioning = std::move(p);
    return c;
  }

  consumer_config consumer_for(uint32_t partition) {
    consumer_config c;
    c.stream = identifier::named("sdk");
    c.topic = identifier::named("events");
    c.partition = partition;
    c.strategy = bin::polling_strategy::first();
    c.auto_commit = false;
    return c;
  }

  uint64_t messages_in_topic() {
    auto t = admin_->get_topic(identifier::named("sdk"), identifier::named("events"));
    return t.ok() && *t ? (*t)->topic.messages_count : 0;
  }

  server_process server_;
  std::unique_ptr<client::client> admin_;
};

}  // namespace

// Three messages as a poll reply carries them: offsets and checksums set.
std::vector<uint8_t> reply_bytes() {
  std::vector<uint8_t> blob;
  for (int i = 0; i < 3; ++i) {
    auto m = outgoing_message::text("payload-" + std::to_string(i));
    m.user_headers = {uint8_t(i), 1, 2};
    const size_t at = blob.size();
    append_message(blob, m);
    uint8_t* p = blob.data() + at;
    bytes::store_le<uint64_t>(p + model::header_field::offset, 40 + i);
    bytes::store_le<uint64_t>(p + model::header_field::checksum,
                              bytes::xxh3_64(p + model::checksummed_from, encoded_size(m) - model::checksummed_from));
  }
  return blob;
}

TEST(sdk_messages, for_each_message_visits_views_in_order_and_stops_at_a_corrupt_one) {
  auto blob = reply_bytes();
  std::vector<std::string> payloads;
  std::vector<uint64_t> offsets;
  EXPECT_TRUE(for_each_message(blob, 3, 7, [&](const message_ref& m) {
    EXPECT_EQ(m.partition_id, 7u);
    EXPECT_GE(m.payload.data(), blob.data());  // a view into the reply, not a copy
    EXPECT_LT(m.payload.data(), blob.data() + blob.size());
    EXPECT_EQ(m.user_headers.size(), 3u);
    payloads.emplace_back(reinterpret_cast<const char*>(m.payload.data()), m.payload.size());
    offsets.push_back(m.offset);
  }));
  EXPECT_EQ(payloads, (std::vector<std::string>{"payload-0", "payload-1", "payload-2"}));
  EXPECT_EQ(offsets, (std::vector<uint64_t>{40, 41, 42}));
  std::vector<message> copied;
  ASSERT_TRUE(decode_messages(blob, 3, 7, copied));
  ASSERT_EQ(copied.size(), 3u);
  EXPECT_EQ(copied[2].text(), "payload-2");

  // A flipped byte in the second message: the first is visited,
  // the second is not, and the walk says so.
  blob[blob.size() / 2] ^= 0xff;
  int visited = 0;
  EXPECT_FALSE(for_each_message(blob, 3, 7, [&](const message_ref&) { ++visited; }));
  EXPECT_EQ(visited, 1);
  // Bytes left over after the count, or too few for it.
  auto extra = reply_bytes();
  extra.push_back(0);
  EXPECT_FALSE(for_each_message(extra, 3, 7, [](const message_ref&) {}));
  EXPECT_FALSE(for_each_message(reply_bytes(), 4, 7, [](const message_ref&) {}));
}

TEST_F(sdk_test, async_client_answers_in_order_through_futures) {
  auto a = async_client::connect(server_.address());
  ASSERT_TRUE(a.ok());
  auto login = (*a)->login_user("iggy", "iggy");
  std::vector<std::future<result<bin::stream_response, error>>> created;
  for (int i = 0; i < 5; ++i) created.push_back((*a)->call<&client::client::create_stream>("async-" + std::to_string(i)));
  auto streams = (*a)->call<&client::client::get_streams>();
  ASSERT_TRUE(login.get().ok());
  for (auto& f : created) ASSERT_TRUE(f.get().ok());
  auto list = streams.get();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 6u);  // "sdk" and the five, all created before the list was taken
  std::vector<uint8_t> blob;
  append_message(blob, outgoing_message::text("via async"));
  auto sent = (*a)->send_messages(identifier::named("sdk"), identifier::named("events"),
                                  bin::partitioning::to_partition(1), blob, 1);
  auto polled = (*a)->poll_messages(bin::consumer::single(identifier::numeric(1)), identifier::named("sdk"),
                                    identifier::named("events"), 1, bin::polling_strategy::first(), 10, false);
  ASSERT_TRUE(sent.get().ok());
  auto p = polled.get();
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->header.messages_count, 1u);
}

TEST_F(sdk_test, producer_batches_by_size_and_by_linger) {
  auto config = producer_for(bin::partitioning::to_partition(0));
  config.batch_size = 100;
  config.linger = 50ms;
  auto p = producer::create(server_.address(), k_root, config);
  ASSERT_TRUE(p.ok());
  for (int i = 0; i < 250; ++i) ASSERT_TRUE((*p)->send("m" + std::to_string(i)).ok());
  // Two full batches go at once; the last 50 wait for the linger.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while ((*p)->sent_messages() < 250 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  EXPECT_EQ((*p)->sent_messages(), 250u);
  ASSERT_TRUE((*p)->close().ok());
  auto read = poll_text(*admin_, identifier::named("sdk"), identifier::named("events"), 0, 0, 1000);
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->size(), 250u);
  for (int i = 0; i < 250; ++i) EXPECT_EQ((*read)[i].text(), "m" + std::to_string(i));
}

TEST_F(sdk_test, producer_errors_reach_the_callback_and_flush) {
  auto config = producer_for();
  config.topic = identifier::named("no-such-topic");
  std::atomic<uint32_t> lost{0};
  std::atomic<uint32_t> status{0};
  config.on_error = [&](const error& e, uint32_t n) {
    lost += n;
    status = e.status;
  };
  auto p = producer::create(server_.address(), k_root, config);
  ASSERT_TRUE(p.ok());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE((*p)->send("x").ok());
  auto flushed = (*p)->flush();
  ASSERT_FALSE(flushed.ok());
  EXPECT_EQ(flushed.error().status, static_cast<uint32_t>(bin::status::topic_name_not_found));
  EXPECT_EQ(lost.load(), 10u);
  EXPECT_EQ(status.load(), static_cast<uint32_t>(bin::status::topic_name_not_found));
  EXPECT_EQ((*p)->failed_messages(), 10u);
}

TEST_F(sdk_test, producer_buffer_is_bounded) {
  auto config = producer_for();
  config.max_buffered_bytes = 64 * 1024;
  config.linger = 10s;          // nothing leaves on its own...
  config.batch_size = 1000000;  // ...nor by count
  config.batch_bytes = 1ull << 40;
  auto p = producer::create(server_.address(), k_root, config);
  ASSERT_TRUE(p.ok());
  const std::string kib(1000, 'k');
  size_t accepted = 0;
  while ((*p)->try_send(kib).ok() && accepted < 1000) ++accepted;
  EXPECT_GT(accepted, 10u);
  EXPECT_LT(accepted, 70u);  // about 64 KiB worth, then would_block
  auto refused = (*p)->try_send(kib);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, errc::would_block);
  // A blocking send waits for room: the full buffer is sent, then it goes through.
  ASSERT_TRUE((*p)->send(kib).ok());
  ASSERT_TRUE((*p)->close().ok());
  EXPECT_EQ(messages_in_topic(), accepted + 1);
}

TEST_F(sdk_test, consumer_iterator_and_callback) {
  ASSERT_TRUE(send_text(*admin_, identifier::named("sdk"), identifier::named("events"), {"a", "b", "c", "d"},
                        bin::partitioning::to_partition(1))
                  .ok());
  auto c = consumer::create(server_.address(), k_root, consumer_for(1));
  ASSERT_TRUE(c.ok());
  std::vector<std::string> seen;
  for (int i = 0; i < 2; ++i) {
    auto m = (*c)->next(2s);
    ASSERT_TRUE(m.ok() && *m);
    seen.emplace_back((*m)->text());
  }
  ASSERT_TRUE((*c)->run([&](const message& m) { seen.emplace_back(m.text()); return seen.size() < 4; }, 5s).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c", "d"}));
  auto none = (*c)->next(100ms);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  // commit() stores the last delivered offset.
  ASSERT_TRUE((*c)->commit().ok());
  auto stored = admin_->get_consumer_offset(bin::consumer::single(identifier::numeric(1)), identifier::named("sdk"),
                                            identifier::named("events"), 1);
  ASSERT_TRUE(stored.ok() && *stored);
  EXPECT_EQ((*stored)->stored_offset, 3u);
}

TEST_F(sdk_test, consumer_group_members_split_the_partitions) {
  ASSERT_TRUE(admin_->create_consumer_group(identifier::named("sdk"), identifier::named("events"), "g").ok());
  for (uint32_t p = 0; p < 2; ++p) {
    std::vector<std::string> texts;
    for (int i = 0; i < 50; ++i) texts.push_back("p" + std::to_string(p) + "-" + std::to_string(i));
    ASSERT_TRUE(send_text(*admin_, identifier::named("sdk"), identifier::named("events"), texts,
                          bin::partitioning::to_partition(p))
                    .ok());
  }
  auto config = consumer_for(0);
  config.partition.reset();
  config.consumer = bin::consumer::group(identifier::named("g"));
  config.strategy = bin::polling_strategy::next();
  config.auto_commit = true;
  auto a = consumer::create(server_.address(), k_root, config);
  auto b = consumer::create(server_.address(), k_root, config);
  ASSERT_TRUE(a.ok() && b.ok());
  std::set<uint32_t> partitions_a, partitions_b;
  size_t total = 0;
  ASSERT_TRUE((*a)->run([&](const message& m) { partitions_a.insert(m.partition_id); return ++total < 100; }, 3s).ok());
  ASSERT_TRUE((*b)->run([&](const message& m) { partitions_b.insert(m.partition_id); return ++total < 100; }, 3s).ok());
  EXPECT_EQ(total, 100u);
  EXPECT_EQ(partitions_a.size(), 1u);
  EXPECT_EQ(partitions_b.size(), 1u);
  EXPECT_NE(partitions_a, partitions_b);
}

TEST_F(sdk_test, client_reconnects_and_logs_in_again_after_a_restart) {
  auto c = open(server_.address(), k_root);
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c->get_streams().ok());
  server_.restart();
  ASSERT_FALSE(server_.address().empty());
  ASSERT_EQ(server_.address(), c->address());
  auto first = c->get_streams();  // the old connection is dead: this call reports it
  auto second = first.ok() ? std::move(first) : c->get_streams();  // and this one reconnects + logs in
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->size(), 1u);
}
