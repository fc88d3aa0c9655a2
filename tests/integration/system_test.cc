// System commands over TCP: ping, get_stats with real figures, get_me,
// get_client, get_clients, get_cluster_metadata (a single node, as Iggy 0.8
// answers without clustering), and get_snapshot, which Whippet does not offer.

#include <algorithm>
#include <chrono>
#include <thread>

#include "api.h"
#include "protocol/binary/requests/get_client.h"
#include "protocol/binary/requests/get_clients.h"
#include "protocol/binary/requests/delete_stream.h"
#include "protocol/binary/requests/get_cluster_metadata.h"
#include "protocol/binary/requests/get_snapshot.h"
#include "protocol/binary/requests/get_stats.h"
#include "protocol/binary/requests/join_consumer_group.h"
#include "protocol/binary/requests/ping.h"
#include "protocol/binary/responses/cluster_metadata.h"
#include "protocol/binary/responses/stats.h"
#include "support/server_process.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace std::chrono_literals;

namespace {

uint64_t now_us() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

std::vector<std::string> sized(int n, size_t size) { return std::vector<std::string>(n, std::string(size, 'z')); }

class system_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(server_.address().empty()) << server_.process().output();
    root_ = std::make_unique<api>(server_.address());
    ASSERT_EQ(root_->login(), 0u);
  }

  std::optional<bin::stats_response> stats(api& c) {
    return c.fetch(bin::get_stats_request{}, [](std::span<const uint8_t> p) { return bin::decode_stats_response(p); });
  }
  std::vector<bin::client_response> clients() {
    return root_
        ->fetch(bin::get_clients_request{}, [](std::span<const uint8_t> p) { return bin::decode_client_list(p); })
        .value_or(std::vector<bin::client_response>{});
  }
  static bool listed(const std::vector<bin::client_response>& all, uint32_t id) {
    return std::any_of(all.begin(), all.end(), [&](const auto& c) { return c.client_id == id; });
  }

  server_process server_;
  std::unique_ptr<api> root_;
};

}  // namespace

TEST_F(system_test, ping_needs_no_login) {
  api fresh(server_.address());
  EXPECT_EQ(fresh.status_of(bin::ping_request{}), 0u);
  EXPECT_EQ(root_->status_of(bin::ping_request{}), 0u);
}

TEST_F(system_test, get_stats_counts_what_exists) {
  const uint64_t started_before = now_us();
  auto empty = stats(*root_);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->streams_count, 0u);
  EXPECT_EQ(empty->messages_count, 0u);

  const uint32_t s0 = root_->create_stream("orders");
  const uint32_t s1 = root_->create_stream("billing");
  const uint32_t t0 = root_->create_topic(s0, "created", 3);
  const uint32_t t1 = root_->create_topic(s0, "cancelled", 1);
  const uint32_t t2 = root_->create_topic(s1, "invoices", 2);
  ASSERT_EQ(root_->send(s0, t0, bin::partitioning::to_partition(2), sized(7, 100)), 0u);
  ASSERT_EQ(root_->send(s0, t1, bin::partitioning::to_partition(0), sized(3, 10)), 0u);
  ASSERT_EQ(root_->send(s1, t2, bin::partitioning::balanced(), sized(2, 1000)), 0u);
  ASSERT_NE(root_->create_group(s0, t0, "workers"), UINT32_MAX);
  ASSERT_NE(root_->create_group(s1, t2, "auditors"), UINT32_MAX);
  auto polled = root_->poll(consumer_id(1), s0, t0, 2, bin::polling_strategy::first(), 100);
  ASSERT_TRUE(polled.ok());
  api second(server_.address());
  ASSERT_EQ(second.login(), 0u);

  auto st = stats(second);
  ASSERT_TRUE(st);
  EXPECT_NE(st->process_id, 0u);
  EXPECT_EQ(st->process_id, static_cast<uint32_t>(server_.process().pid()));
  EXPECT_EQ(st->streams_count, 2u);
  EXPECT_EQ(st->topics_count, 3u);
  EXPECT_EQ(st->partitions_count, 6u);
  EXPECT_GE(st->segments_count, 6u);
  EXPECT_EQ(st->messages_count, 12u);
  EXPECT_EQ(st->messages_size_bytes, 7 * (64 + 100) + 3 * (64 + 10) + 2 * (64 + 1000));
  EXPECT_EQ(st->clients_count, 2u);
  EXPECT_EQ(st->consumer_groups_count, 2u);
  EXPECT_GT(st->written_bytes, 0u);
  EXPECT_GT(st->read_bytes, 0u);

  EXPECT_GT(st->memory_usage, 0u);
  EXPECT_GT(st->total_memory, 0u);
  EXPECT_LE(st->available_memory, st->total_memory);
  EXPECT_LE(st->memory_usage, st->total_memory);
  EXPECT_GE(st->cpu_usage, 0.0f);
  EXPECT_GE(st->total_cpu_usage, 0.0f);
  EXPECT_GT(st->start_time, started_before - 60'000'000);
  EXPECT_LE(st->start_time, now_us());
  EXPECT_GT(st->run_time, 0u);
  EXPECT_FALSE(st->hostname.empty());
  EXPECT_FALSE(st->os_name.empty());
  EXPECT_FALSE(st->kernel_version.empty());
  EXPECT_FALSE(st->iggy_server_version.empty());
  EXPECT_GT(st->threads_count, 0u);
  EXPECT_GT(st->total_disk_space, 0u);
  EXPECT_LE(st->free_disk_space, st->total_disk_space);

  // The counts move with deletions.
  ASSERT_EQ(root_->status_of(bin::delete_stream_request{num(s1)}), 0u);
  auto after = stats(*root_);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->streams_count, 1u);
  EXPECT_EQ(after->topics_count, 2u);
  EXPECT_EQ(after->partitions_count, 4u);
  EXPECT_EQ(after->messages_count, 10u);
  EXPECT_EQ(after->consumer_groups_count, 1u);
}

TEST_F(system_test, get_me_describes_this_connection) {
  auto me = root_->me();
  ASSERT_TRUE(me);
  EXPECT_EQ(me->user_id, 0u);
  EXPECT_EQ(me->transport, bin::transport_kind::tcp);
  EXPECT_EQ(me->address.rfind("127.0.0.1:", 0), 0u) << me->address;
  EXPECT_GT(me->address.size(), std::string("127.0.0.1:").size());
  EXPECT_TRUE(me->consumer_groups.empty());

  const uint32_t s = root_->create_stream("orders");
  const uint32_t t = root_->create_topic(s, "created", 2);
  const uint32_t g = root_->create_group(s, t, "workers");
  ASSERT_EQ(root_->status_of(bin::join_consumer_group_request{num(s), num(t), num(g)}), 0u);
  auto joined = root_->me();
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->client_id, me->client_id);
  ASSERT_EQ(joined->consumer_groups.size(), 1u);
  EXPECT_EQ(joined->consumer_groups[0], (bin::client_consumer_group{s, t, g}));

  // Another user sees their own id.
  ASSERT_NE(root_->create_user("viewer", "viewer-pw"), UINT32_MAX);
  api v(server_.address());
  ASSERT_EQ(v.login("viewer", "viewer-pw"), 0u);
  auto vme = v.me();
  ASSERT_TRUE(vme);
  EXPECT_EQ(vme->user_id, 1u);
  EXPECT_NE(vme->client_id, me->client_id);
}

TEST_F(system_test, get_client_and_get_clients_list_connections) {
  auto me = root_->me();
  ASSERT_TRUE(me);
  ASSERT_NE(root_->create_user("viewer", "viewer-pw"), UINT32_MAX);
  auto other = std::make_unique<api>(server_.address());
  ASSERT_EQ(other->login("viewer", "viewer-pw"), 0u);
  auto other_me = other->me();
  ASSERT_TRUE(other_me);

  auto all = clients();
  EXPECT_EQ(all.size(), 2u);
  ASSERT_TRUE(listed(all, me->client_id));
  ASSERT_TRUE(listed(all, other_me->client_id));
  for (const auto& c : all) {
    EXPECT_EQ(c.transport, bin::transport_kind::tcp);
    EXPECT_EQ(c.address.rfind("127.0.0.1:", 0), 0u);
    if (c.client_id == other_me->client_id) {
      EXPECT_EQ(c.user_id, 1u);
      EXPECT_EQ(c.address, other_me->address);
    }
  }

  auto one = root_->fetch(bin::get_client_request{other_me->client_id},
                          [](std::span<const uint8_t> p) { return bin::decode_client_details(p); });
  ASSERT_TRUE(one);
  EXPECT_EQ(*one, *other_me);
  auto unknown = root_->payload_of(bin::get_client_request{999'999});
  ASSERT_TRUE(unknown);
  EXPECT_TRUE(unknown->empty());

  // A connection that has not logged in is a client too.
  api anonymous(server_.address());
  ASSERT_EQ(anonymous.status_of(bin::ping_request{}), 0u);
  EXPECT_EQ(clients().size(), 3u);

  // A closed connection leaves the list (bounded wait).
  const uint32_t gone = other_me->client_id;
  other.reset();
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (listed(clients(), gone) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(listed(clients(), gone));
  auto after = root_->payload_of(bin::get_client_request{gone});
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->empty());
}

TEST_F(system_test, cluster_metadata_is_one_healthy_leader_as_iggy_without_clustering) {
  api fresh(server_.address());
  EXPECT_EQ(fresh.status_of(bin::get_cluster_metadata_request{}), code(bin::status::unauthenticated));

  auto meta = root_->fetch(bin::get_cluster_metadata_request{},
                           [](std::span<const uint8_t> p) { return bin::decode_cluster_metadata(p); });
  ASSERT_TRUE(meta);
  EXPECT_EQ(meta->name, "single-node");
  ASSERT_EQ(meta->nodes.size(), 1u);
  const auto& node = meta->nodes[0];
  EXPECT_EQ(node.name, "iggy-node");
  EXPECT_EQ(node.ip, "127.0.0.1");
  // The port the server really listens on (it was configured as port 0).
  const std::string& address = server_.address();
  EXPECT_EQ(std::to_string(node.tcp_port), address.substr(address.rfind(':') + 1));
  EXPECT_NE(node.tcp_port, 0u);
  // Whippet serves no QUIC, HTTP or WebSocket.
  EXPECT_EQ(node.quic_port, 0u);
  EXPECT_EQ(node.http_port, 0u);
  EXPECT_EQ(node.websocket_port, 0u);
  EXPECT_EQ(node.role, bin::cluster_node_role::leader);
  EXPECT_EQ(node.status, bin::cluster_node_status::healthy);

  // Any logged-in user may ask, and the SDK method gives the same answer.
  ASSERT_NE(root_->create_user("plain", "plain-pw"), UINT32_MAX);
  api plain(server_.address());
  ASSERT_EQ(plain.login("plain", "plain-pw"), 0u);
  auto via_sdk = plain.raw_client().get_cluster_metadata();
  ASSERT_TRUE(via_sdk.ok()) << via_sdk.error().message;
  EXPECT_EQ(*via_sdk, *meta);
}

TEST_F(system_test, snapshot_is_unavailable) {
  bin::get_snapshot_request snap{bin::snapshot_compression::deflated, {bin::snapshot_type::all}};
  EXPECT_EQ(root_->status_of(snap), code(bin::status::feature_unavailable));
  // The connection is still usable.
  EXPECT_EQ(root_->status_of(bin::ping_request{}), 0u);
  EXPECT_TRUE(root_->me().has_value());
}
