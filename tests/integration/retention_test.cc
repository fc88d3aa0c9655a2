// The background cleaner (message expiry, topic size) and server-side
// de-duplication by message id.

#include <thread>

#include "api.h"
#include "protocol/binary/requests/get_topic.h"
#include "support/server_process.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace std::chrono_literals;

namespace {

// Small segments so that retention has sealed segments to delete, and a fast cleaner.
std::map<std::string, std::string> fast_cleaner(std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> env = {
      {"WHIPPET_SYSTEM_SEGMENT_SIZE", "4 KiB"},
      {"WHIPPET_DATA_MAINTENANCE_MESSAGES_INTERVAL", "100 ms"},
  };
  for (auto& [k, v] : extra) env[k] = v;
  return env;
}

uint64_t first_offset(api& c, uint32_t s, uint32_t t) {
  auto r = c.poll(consumer_id(1), s, t, 0, bin::polling_strategy::first(), 1);
  EXPECT_TRUE(r.ok());
  return r.ok() && !r->offsets.empty() ? r->offsets[0] : UINT64_MAX;
}

}  // namespace

TEST(retention, expired_segments_are_deleted_by_the_cleaner) {
  server_process server(fast_cleaner());
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  api c(server.address());
  ASSERT_EQ(c.login(), 0u);
  const uint32_t s = c.create_stream("s");
  const uint32_t t = c.create_topic(s, "expiring", 1, /*expiry µs*/ 1'000'000);
  const uint32_t keep = c.create_topic(s, "kept", 1);  // server default: never expires
  for (int i = 0; i < 40; ++i) {
    ASSERT_EQ(c.send(s, t, bin::partitioning::to_partition(0), {std::string(500, 'e')}), 0u);
    ASSERT_EQ(c.send(s, keep, bin::partitioning::to_partition(0), {std::string(500, 'k')}), 0u);
  }
  EXPECT_EQ(first_offset(c, s, t), 0u);
  // Wait (bounded) for the cleaner to drop what is older than a second.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (first_offset(c, s, t) == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(100ms);
  const uint64_t first = first_offset(c, s, t);
  EXPECT_GT(first, 0u);
  EXPECT_NE(first, UINT64_MAX);
  // The active segment stays: the newest message is still there.
  auto last = c.poll(consumer_id(1), s, t, 0, bin::polling_strategy::last(), 1);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->offsets, (std::vector<uint64_t>{39}));
  EXPECT_EQ(first_offset(c, s, keep), 0u);
}

TEST(retention, max_topic_size_is_enforced) {
  server_process server(fast_cleaner());
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  api c(server.address());
  ASSERT_EQ(c.login(), 0u);
  const uint32_t s = c.create_stream("s");
  bin::create_topic_request req;
  req.stream = bin::identifier::numeric(s);
  req.partitions_count = 1;
  req.max_topic_size = 10'000;
  req.name = "bounded";
  ASSERT_EQ(c.status_of(req), 0u);
  for (int i = 0; i < 60; ++i) ASSERT_EQ(c.send(s, 0, bin::partitioning::to_partition(0), {std::string(500, 'b')}), 0u);
  // A cleaner pass may run while the sends are still arriving: wait for one
  // after them, which brings the topic within its limit.
  const auto size_now = [&]() -> uint64_t {
    auto topic = c.call(bin::get_topic_request{bin::identifier::numeric(s), bin::identifier::numeric(0)});
    EXPECT_TRUE(topic.ok());
    if (!topic.ok()) return 0;
    auto details = bin::decode_topic_details(*topic);
    EXPECT_TRUE(details.ok());
    return details.ok() ? details->topic.size_bytes : 0;
  };
  const uint64_t bound = 10'000u + 4096u + 600u;  // the limit, plus the active segment
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (size_now() > bound && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(100ms);
  EXPECT_GT(first_offset(c, s, 0), 0u);
  EXPECT_LE(size_now(), bound);
}

TEST(deduplication, repeated_ids_are_dropped_when_enabled) {
  server_process server(std::map<std::string, std::string>{{"WHIPPET_SYSTEM_MESSAGE_DEDUPLICATION_ENABLED", "true"}});
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  api c(server.address());
  ASSERT_EQ(c.login(), 0u);
  const uint32_t s = c.create_stream("s");
  const uint32_t t = c.create_topic(s, "t", 1);
  ASSERT_EQ(c.send(s, t, bin::partitioning::to_partition(0), {"a", "b", "c"}, {1, 2, 3}), 0u);
  ASSERT_EQ(c.send(s, t, bin::partitioning::to_partition(0), {"b2", "c2", "d"}, {2, 3, 4}), 0u);
  ASSERT_EQ(c.send(s, t, bin::partitioning::to_partition(0), {"a2"}, {1}), 0u);  // all duplicates: accepted, nothing stored
  ASSERT_EQ(c.send(s, t, bin::partitioning::to_partition(0), {"x", "y"}), 0u);   // id 0: never duplicates
  auto r = c.poll(consumer_id(1), s, t, 0, bin::polling_strategy::first(), 100);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->payloads, (std::vector<std::string>{"a", "b", "c", "d", "x", "y"}));
  EXPECT_EQ(r->offsets, (std::vector<uint64_t>{0, 1, 2, 3, 4, 5}));
}

TEST(deduplication, off_by_default) {
  server_process server;
  api c(server.address());
  ASSERT_EQ(c.login(), 0u);
  const uint32_t s = c.create_stream("s");
  const uint32_t t = c.create_topic(s, "t", 1);
  ASSERT_EQ(c.send(s, t, bin::partitioning::to_partition(0), {"a"}, {1}), 0u);
  ASSERT_EQ(c.send(s, t, bin::partitioning::to_partition(0), {"a"}, {1}), 0u);
  auto r = c.poll(consumer_id(1), s, t, 0, bin::polling_strategy::first(), 100);
  EXPECT_EQ(r->offsets.size(), 2u);
}
