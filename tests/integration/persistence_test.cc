// Persistence over restarts: streams, topics and partitions, users and their
// permissions, personal access tokens, consumer groups, messages and consumer
// offsets are all there after a clean restart (SIGTERM), with the same ids;
// and after a SIGKILL every acknowledged message is there and the server
// starts without any manual repair.

#include <atomic>
#include <chrono>
#include <thread>

#include "api.h"
#include "protocol/binary/requests/create_partitions.h"
#include "protocol/binary/requests/create_personal_access_token.h"
#include "protocol/binary/requests/delete_stream.h"
#include "protocol/binary/requests/get_consumer_offset.h"
#include "protocol/binary/requests/get_personal_access_tokens.h"
#include "protocol/binary/requests/get_streams.h"
#include "protocol/binary/requests/get_user.h"
#include "protocol/binary/requests/join_consumer_group.h"
#include "protocol/binary/requests/store_consumer_offset.h"
#include "protocol/binary/responses/consumer_offset.h"
#include "protocol/binary/responses/identity.h"
#include "protocol/binary/responses/personal_access_token.h"
#include "support/server_process.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> numbered(const std::string& prefix, int from, int to) {
  std::vector<std::string> out;
  for (int i = from; i < to; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

class persistence_test : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(server_.address().empty()) << server_.process().output(); }

  std::unique_ptr<api> root() {
    auto c = std::make_unique<api>(server_.address());
    EXPECT_EQ(c->login(), 0u);
    return c;
  }
  std::vector<bin::stream_response> streams(api& c) {
    return c.fetch(bin::get_streams_request{}, [](std::span<const uint8_t> p) { return bin::decode_stream_list(p); })
        .value_or(std::vector<bin::stream_response>{});
  }
  std::optional<bin::user_details> user(api& c, const std::string& name) {
    return c.fetch(bin::get_user_request{named(name)},
                   [](std::span<const uint8_t> p) { return bin::decode_user_details(p); });
  }
  std::optional<uint64_t> stored_offset(api& c, const bin::consumer& who, uint32_t s, uint32_t t, uint32_t p) {
    auto payload = c.payload_of(bin::get_consumer_offset_request{who, num(s), num(t), p});
    if (!payload) return std::nullopt;
    auto d = bin::decode_stored_consumer_offset(*payload);
    if (!d.ok() || !d->has_value()) return std::nullopt;
    return (*d)->stored_offset;
  }
  std::vector<std::string> all_payloads(api& c, uint32_t s, uint32_t t, uint32_t p) {
    auto r = c.poll(consumer_id(1), s, t, p, bin::polling_strategy::offset(0), 100000);
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return {};
    for (size_t i = 0; i < r->offsets.size(); ++i) EXPECT_EQ(r->offsets[i], i) << "partition " << p;
    return r->payloads;
  }

  server_process server_;
};

}  // namespace

TEST_F(persistence_test, everything_survives_a_clean_restart) {
  auto c = root();
  ASSERT_EQ(c->create_stream("alpha"), 0u);
  ASSERT_EQ(c->create_stream("gone"), 1u);
  ASSERT_EQ(c->create_stream("gamma"), 2u);
  ASSERT_EQ(c->status_of(bin::delete_stream_request{named("gone")}), 0u);
  ASSERT_EQ(c->create_topic(0, "events", 3), 0u);
  bin::create_topic_request audit;
  audit.stream = num(0);
  audit.partitions_count = 1;
  audit.compression = bin::compression_algorithm::gzip;
  audit.message_expiry = 7'000'000'000;
  audit.max_topic_size = 5'000'000'000;
  audit.name = "audit";
  ASSERT_EQ(c->status_of(audit), 0u);
  ASSERT_EQ(c->create_topic(2, "g0", 2), 0u);
  ASSERT_EQ(c->status_of(bin::create_partitions_request{num(2), num(0), 2}), 0u);

  bin::permissions carol_perms;
  carol_perms.global.read_streams = true;
  carol_perms.streams[0].send_messages = true;
  carol_perms.streams[0].topics[1].manage_topic = true;
  ASSERT_EQ(c->create_user("carol", "carol-pw", carol_perms), 1u);
  ASSERT_EQ(c->create_user("dave", "dave-pw", std::nullopt, bin::user_status::inactive), 2u);
  api carol(server_.address());
  ASSERT_EQ(carol.login("carol", "carol-pw"), 0u);
  auto token = carol.fetch(bin::create_personal_access_token_request{"ci", UINT64_MAX},
                           [](std::span<const uint8_t> p) { return bin::decode_raw_personal_access_token(p); });
  ASSERT_TRUE(token);
  ASSERT_EQ(c->status_of(bin::create_personal_access_token_request{"hourly", 3'600'000'000}), 0u);
  auto root_tokens = c->payload_of(bin::get_personal_access_tokens_request{});
  ASSERT_TRUE(root_tokens);

  ASSERT_EQ(c->create_group(0, 0, "workers"), 0u);
  ASSERT_EQ(c->create_group(0, 0, "other"), 1u);

  for (uint32_t p = 0; p < 3; ++p)
    ASSERT_EQ(c->send(0, 0, bin::partitioning::to_partition(p), numbered("e" + std::to_string(p) + "-", 0, 10)), 0u);
  ASSERT_EQ(c->send(0, 1, bin::partitioning::to_partition(0), {"audit-1", "audit-2"}), 0u);
  ASSERT_EQ(c->send(2, 0, bin::partitioning::to_partition(3), numbered("g", 0, 4)), 0u);
  ASSERT_EQ(c->status_of(bin::store_consumer_offset_request{consumer_id(7), num(0), num(0), 1, 4}), 0u);
  ASSERT_EQ(c->status_of(bin::join_consumer_group_request{num(0), num(0), named("workers")}), 0u);
  ASSERT_EQ(c->status_of(bin::store_consumer_offset_request{group_id(0), num(0), num(0), 2, 2}), 0u);

  auto events_before = c->get_topic(num(0), num(0));
  auto audit_before = c->get_topic(num(0), num(1));
  auto streams_before = streams(*c);
  auto carol_before = user(*c, "carol");
  ASSERT_TRUE(events_before && audit_before && carol_before);

  c.reset();
  server_.restart();
  ASSERT_FALSE(server_.address().empty()) << server_.process().output();
  c = root();

  // Streams and topics, with their ids, settings, partitions and figures.
  EXPECT_EQ(streams(*c), streams_before);
  auto all = streams(*c);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, 0u);
  EXPECT_EQ(all[0].name, "alpha");
  EXPECT_EQ(all[1].id, 2u);
  EXPECT_EQ(all[1].name, "gamma");
  auto events = c->get_topic(num(0), named("events"));
  ASSERT_TRUE(events);
  EXPECT_EQ(*events, *events_before);
  auto audit_after = c->get_topic(num(0), named("audit"));
  ASSERT_TRUE(audit_after);
  EXPECT_EQ(*audit_after, *audit_before);
  EXPECT_EQ(audit_after->topic.message_expiry, 7'000'000'000u);
  EXPECT_EQ(audit_after->topic.max_topic_size, 5'000'000'000u);
  EXPECT_EQ(audit_after->topic.compression, bin::compression_algorithm::gzip);
  auto g0 = c->get_topic(named("gamma"), named("g0"));
  ASSERT_TRUE(g0);
  EXPECT_EQ(g0->topic.partitions_count, 4u);
  EXPECT_EQ(g0->partitions[3].messages_count, 4u);

  // Messages.
  for (uint32_t p = 0; p < 3; ++p)
    EXPECT_EQ(all_payloads(*c, 0, 0, p), numbered("e" + std::to_string(p) + "-", 0, 10)) << "partition " << p;
  EXPECT_EQ(all_payloads(*c, 0, 1, 0), (std::vector<std::string>{"audit-1", "audit-2"}));
  EXPECT_EQ(all_payloads(*c, 2, 0, 3), numbered("g", 0, 4));

  // Consumer offsets, a consumer's and a group's.
  EXPECT_EQ(stored_offset(*c, consumer_id(7), 0, 0, 1), 4u);
  auto next = c->poll(consumer_id(7), 0, 0, 1, bin::polling_strategy::next(), 2);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->offsets, (std::vector<uint64_t>{5, 6}));
  auto group = c->get_group(0, 0, named("workers"));
  ASSERT_TRUE(group);
  EXPECT_EQ(group->group.id, 0u);
  EXPECT_TRUE(group->members.empty()) << "membership belongs to connections, not to the disk";
  auto other = c->get_group(0, 0, num(1));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->group.name, "other");
  ASSERT_EQ(c->status_of(bin::join_consumer_group_request{num(0), num(0), num(0)}), 0u);
  EXPECT_EQ(stored_offset(*c, group_id(0), 0, 0, 2), 2u);
  auto group_next = c->poll(group_id(0), 0, 0, 2, bin::polling_strategy::next(), 2);
  ASSERT_TRUE(group_next.ok());
  EXPECT_EQ(group_next->offsets, (std::vector<uint64_t>{3, 4}));

  // Users, permissions, passwords, statuses and tokens.
  auto carol_after = user(*c, "carol");
  ASSERT_TRUE(carol_after);
  EXPECT_EQ(*carol_after, *carol_before);
  auto dave = user(*c, "dave");
  ASSERT_TRUE(dave);
  EXPECT_EQ(dave->user.id, 2u);
  EXPECT_EQ(dave->user.status, bin::user_status::inactive);
  EXPECT_EQ(api(server_.address()).login("carol", "carol-pw"), 0u);
  EXPECT_EQ(api(server_.address()).login("dave", "dave-pw"), code(bin::status::user_inactive));
  api by_token(server_.address());
  auto id = by_token.call(bin::login_with_personal_access_token_request{token->token});
  ASSERT_TRUE(id.ok()) << "the token no longer logs in";
  EXPECT_EQ(bin::decode_identity_response(*id)->user_id, 1u);
  EXPECT_EQ(c->payload_of(bin::get_personal_access_tokens_request{}), root_tokens);

  // New objects do not collide with the old ones, and offsets continue.
  const uint32_t fresh = c->create_stream("fresh");
  EXPECT_NE(fresh, 0u);
  EXPECT_NE(fresh, 2u);
  EXPECT_EQ(c->create_user("erin", "erin-pw"), 3u);
  ASSERT_EQ(c->send(0, 0, bin::partitioning::to_partition(0), {"after"}), 0u);
  auto last = c->poll(consumer_id(1), 0, 0, 0, bin::polling_strategy::last(), 1);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->offsets, (std::vector<uint64_t>{10}));
  EXPECT_EQ(last->payloads, (std::vector<std::string>{"after"}));
}

TEST_F(persistence_test, acknowledged_messages_survive_sigkill) {
  auto c = root();
  const uint32_t s = c->create_stream("orders");
  const uint32_t t = c->create_topic(s, "created", 2);
  for (int batch = 0; batch < 40; ++batch) {
    const uint32_t p = batch % 2;
    ASSERT_EQ(c->send(s, t, bin::partitioning::to_partition(p), numbered("m", batch / 2 * 10, batch / 2 * 10 + 10)),
              0u);
  }
  ASSERT_EQ(c->status_of(bin::store_consumer_offset_request{consumer_id(3), num(s), num(t), 1, 123}), 0u);
  const uint32_t late = c->create_stream("late");  // metadata changed just before the crash
  const uint32_t late_topic = c->create_topic(late, "t", 1);
  ASSERT_EQ(c->send(late, late_topic, bin::partitioning::balanced(), {"last words"}), 0u);

  c.reset();
  server_.kill();
  server_.start();
  ASSERT_FALSE(server_.address().empty()) << "the server did not start again after SIGKILL:\n"
                                          << server_.process().output();
  c = root();
  for (uint32_t p = 0; p < 2; ++p) EXPECT_EQ(all_payloads(*c, s, t, p), numbered("m", 0, 200)) << "partition " << p;
  EXPECT_EQ(stored_offset(*c, consumer_id(3), s, t, 1), 123u);
  auto late_stream = c->get_stream(named("late"));
  ASSERT_TRUE(late_stream);
  EXPECT_EQ(late_stream->stream.id, late);
  EXPECT_EQ(all_payloads(*c, late, late_topic, 0), (std::vector<std::string>{"last words"}));
  ASSERT_EQ(c->send(s, t, bin::partitioning::to_partition(0), {"again"}), 0u);
  auto last = c->poll(consumer_id(1), s, t, 0, bin::polling_strategy::last(), 1);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->offsets, (std::vector<uint64_t>{200}));
}

TEST_F(persistence_test, sigkill_during_sends_keeps_every_acknowledged_batch) {
  auto c = root();
  const uint32_t s = c->create_stream("orders");
  const uint32_t t = c->create_topic(s, "created", 1);
  c.reset();

  // A producer sends numbered batches of 20 until the server dies; it counts
  // the batches the server acknowledged.
  std::atomic<int> acknowledged{0};
  std::thread producer([&] {
    api p(server_.address());
    if (p.login() != 0) return;
    for (int batch = 0; batch < 100000; ++batch) {
      // api::send answers 0 for a transport failure too, so look at the reply itself.
      batch_builder b;
      for (const auto& m : numbered("m", batch * 20, batch * 20 + 20)) b.add(m);
      const auto payload =
          bin::encode_send_messages(num(s), num(t), bin::partitioning::to_partition(0), b.bytes(), b.count());
      if (!p.raw(bin::command_code::send_messages, payload).ok()) return;
      acknowledged.store(batch + 1);
    }
  });
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (acknowledged.load() < 50 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  server_.kill();
  producer.join();
  const int acked = acknowledged.load();
  ASSERT_GE(acked, 50) << "the producer did not get going";

  server_.start();
  ASSERT_FALSE(server_.address().empty()) << "the server did not start again after SIGKILL:\n"
                                          << server_.process().output();
  c = root();
  const auto got = all_payloads(*c, s, t, 0);
  ASSERT_GE(got.size(), static_cast<size_t>(acked) * 20) << "acknowledged messages were lost";
  // Whole batches only: at most the one in flight beyond the acknowledged ones.
  EXPECT_EQ(got.size() % 20, 0u);
  EXPECT_LE(got.size(), static_cast<size_t>(acked + 1) * 20);
  EXPECT_EQ(got, numbered("m", 0, static_cast<int>(got.size())));
}
