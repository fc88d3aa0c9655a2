// Connections go to the data (tcp.socket_migration): a connection whose
// sends and polls keep going to partitions of another shard moves to that
// shard between two requests, and from then on its requests cross no shard.
// In process, so that the server's own counters of hops and moves can be
// read: two shards, partitions whose owner the test computes.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <thread>
#include <vector>

#include "api.h"
#include "protocol/binary/requests/get_clients.h"
#include "protocol/binary/requests/join_consumer_group.h"
#include "server/partition.h"
#include "server/server.h"
#include "support/in_process_server.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace std::chrono_literals;

namespace {

unsigned owner(uint32_t s, uint32_t t, uint32_t p) {
  return static_cast<unsigned>(server::partition_key_hash{}(server::partition_key{s, t, p}) % 2);
}

// The first partition of topic (s, t) owned by `shard`.
uint32_t partition_on(uint32_t s, uint32_t t, uint32_t partitions, unsigned shard) {
  for (uint32_t p = 0; p < partitions; ++p)
    if (owner(s, t, p) == shard) return p;
  ADD_FAILURE() << "no partition of " << partitions << " on shard " << shard;
  return 0;
}

class socket_migration : public ::testing::Test {
 protected:
  void start(bool migration) {
    server_.emplace(storage::posix_file_system(),
                    std::map<std::string, std::string>{{"WHIPPET_TCP_SOCKET_MIGRATION", migration ? "true" : "false"}});
    ASSERT_FALSE(server_->address().empty());
    admin_.emplace(server_->address());
    ASSERT_EQ(admin_->login(), 0u);
    stream_ = admin_->create_stream("s");
    topic_ = admin_->create_topic(stream_, "t", kPartitions);
    on_[0] = partition_on(stream_, topic_, kPartitions, 0);
    on_[1] = partition_on(stream_, topic_, kPartitions, 1);
  }
  server::server& srv() { return server_->get(); }
  uint64_t hops() { return srv().cross_shard_hops(); }

  // The shard `c` is served by now: a send to a partition of shard 0 hops
  // (there and back) only from shard 1. A second send, to that shard's own
  // partition, starts the connection's run of requests afresh.
  unsigned shard_of(api& c) {
    const uint64_t before = hops();
    EXPECT_EQ(c.send(stream_, topic_, bin::partitioning::to_partition(on_[0]), {"probe"}), 0u);
    const unsigned shard = hops() == before ? 0 : 1;
    EXPECT_EQ(c.send(stream_, topic_, bin::partitioning::to_partition(on_[shard]), {"probe"}), 0u);
    return shard;
  }
  // `n` sends of one message each to `partition`; the hops they made.
  uint64_t send_n(api& c, uint32_t partition, int n, std::vector<std::string>& sent) {
    const uint64_t before = hops();
    for (int i = 0; i < n; ++i) {
      const std::string payload = "m" + std::to_string(partition) + "-" + std::to_string(sent.size());
      EXPECT_EQ(c.send(stream_, topic_, bin::partitioning::to_partition(partition), {payload}), 0u);
      sent.push_back(payload);
    }
    return hops() - before;
  }

  static constexpr uint32_t kPartitions = 8;
  std::optional<in_process_server> server_;
  std::optional<api> admin_;
  uint32_t stream_ = 0, topic_ = 0;
  uint32_t on_[2] = {0, 0};
};

TEST_F(socket_migration, a_producer_moves_to_the_shard_of_its_partition_and_then_crosses_no_shard) {
  start(true);
  api c(server_->address());
  ASSERT_EQ(c.login(), 0u);
  const auto me_before = c.me();
  ASSERT_TRUE(me_before);
  const unsigned home = shard_of(c);
  const unsigned other = 1 - home;
  std::map<uint32_t, std::vector<std::string>> sent;

  // Eight requests in a row to the other shard (each a hop there and one
  // back) move the connection; after that, none hops.
  const uint64_t moved_before = srv().connections_moved();
  const uint64_t first = send_n(c, on_[other], 8, sent[on_[other]]);
  EXPECT_EQ(first, 16u) << "each send to the other shard before the move hops there and back";
  EXPECT_EQ(send_n(c, on_[other], 20, sent[on_[other]]), 0u) << "the connection did not move to its data";
  // (Counted as the connection leaves, just after the eighth reply.)
  EXPECT_EQ(srv().connections_moved(), moved_before + 1);
  EXPECT_EQ(shard_of(c), other);

  // It follows its data back, and polls count as much as sends.
  EXPECT_EQ(send_n(c, on_[home], 8, sent[on_[home]]), 16u);
  EXPECT_EQ(send_n(c, on_[home], 5, sent[on_[home]]), 0u);
  EXPECT_EQ(srv().connections_moved(), moved_before + 2);
  const uint64_t before_polls = hops();
  for (int i = 0; i < 8; ++i)
    ASSERT_TRUE(c.poll(consumer_id(1), stream_, topic_, on_[other], bin::polling_strategy::offset(0), 1).ok());
  EXPECT_EQ(hops() - before_polls, 16u);
  EXPECT_TRUE(c.poll(consumer_id(1), stream_, topic_, on_[other], bin::polling_strategy::offset(0), 1).ok());
  EXPECT_EQ(hops() - before_polls, 16u);
  EXPECT_EQ(srv().connections_moved(), moved_before + 3);

  // Same client, same session, nothing lost or reordered on the way.
  const auto me_after = c.me();
  ASSERT_TRUE(me_after);
  EXPECT_EQ(me_after->client_id, me_before->client_id);
  EXPECT_EQ(me_after->user_id, me_before->user_id);
  for (const auto& [partition, payloads] : sent) {
    auto got = c.poll(consumer_id(1), stream_, topic_, partition, bin::polling_strategy::offset(0), 1000);
    ASSERT_TRUE(got.ok());
    std::vector<std::string> mine;
    for (const auto& p : got->payloads)
      if (p != "probe") mine.push_back(p);
    EXPECT_EQ(mine, payloads) << "partition " << partition;
  }
  // The server lists the client once, and it still answers everything.
  auto clients = admin_->fetch(bin::get_clients_request{},
                               [](std::span<const uint8_t> p) { return bin::decode_client_list(p); });
  ASSERT_TRUE(clients);
  int listed = 0;
  for (const auto& ci : *clients) listed += ci.client_id == me_before->client_id ? 1 : 0;
  EXPECT_EQ(listed, 1);
}

TEST_F(socket_migration, a_producer_that_spreads_over_shards_stays_where_it_is) {
  start(true);
  api c(server_->address());
  ASSERT_EQ(c.login(), 0u);
  std::vector<std::string> sent;
  const uint64_t moved_before = srv().connections_moved();
  for (int i = 0; i < 20; ++i) {
    send_n(c, on_[0], 1, sent);
    send_n(c, on_[1], 1, sent);
  }
  EXPECT_EQ(srv().connections_moved(), moved_before);
}

TEST_F(socket_migration, switched_off_a_connection_never_moves) {
  start(false);
  api c(server_->address());
  ASSERT_EQ(c.login(), 0u);
  const unsigned other = 1 - shard_of(c);
  std::vector<std::string> sent;
  EXPECT_EQ(send_n(c, on_[other], 30, sent), 60u);
  EXPECT_EQ(srv().connections_moved(), 0u);
}

TEST_F(socket_migration, a_group_member_that_moved_still_leaves_its_group_when_it_disconnects) {
  start(true);
  const uint32_t g = admin_->create_group(stream_, topic_, "g");
  {
    api member(server_->address());
    ASSERT_EQ(member.login(), 0u);
    ASSERT_EQ(member.status_of(bin::join_consumer_group_request{num(stream_), num(topic_), num(g)}), 0u);
    const uint64_t moved_before = srv().connections_moved();
    // The only member owns all eight partitions, which lie on both shards;
    // polling one of them in a row moves it there.
    const unsigned other = 1 - shard_of(member);
    const uint64_t hops_before = hops();
    for (int i = 0; i < 12; ++i)
      ASSERT_TRUE(member.poll(group_id(g), stream_, topic_, on_[other], bin::polling_strategy::offset(0), 1).ok());
    EXPECT_EQ(hops() - hops_before, 16u);
    EXPECT_EQ(srv().connections_moved(), moved_before + 1);
    auto group = admin_->get_group(stream_, topic_, num(g));
    ASSERT_TRUE(group);
    EXPECT_EQ(group->group.members_count, 1u);
  }
  // Gone, from the shard it moved to: its membership goes with it.
  std::optional<bin::consumer_group_details> group;
  for (int i = 0; i < 200; ++i) {
    group = admin_->get_group(stream_, topic_, num(g));
    if (group && group->group.members_count == 0) break;
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(group);
  EXPECT_EQ(group->group.members_count, 0u);
}

// Connections that keep moving between the shards while the server stops:
// the stop ends promptly, every client sees its connection end, and the
// server stays whole until then.
TEST_F(socket_migration, a_stop_while_connections_keep_moving_ends_promptly) {
  start(true);
  std::atomic<bool> go{true};
  std::atomic<int> ok_sends{0}, ended{0};
  std::vector<std::thread> clients;
  for (int k = 0; k < 12; ++k) {
    clients.emplace_back([&, k] {
      api c(server_->address());
      if (c.login() != 0) return void(++ended);
      unsigned target = static_cast<unsigned>(k) % 2;
      for (int i = 0; i < 100000 && go; ++i) {
        if (i % 9 == 0) target = 1 - target;  // a new run: the connection moves after eight
        if (c.send(stream_, topic_, bin::partitioning::to_partition(on_[target]), {"x"}) != 0) break;
        ++ok_sends;
      }
      ++ended;
    });
  }
  for (int i = 0; i < 500 && srv().connections_moved() < 50; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_GE(srv().connections_moved(), 50u);
  admin_.reset();
  if (!server_->stop_within(20s)) {
    std::fprintf(stderr, "the server did not stop within 20 s\n");
    std::abort();
  }
  go = false;
  for (auto& th : clients) th.join();
  EXPECT_EQ(ended.load(), 12);
  EXPECT_GT(ok_sends.load(), 0);
}

}  // namespace
