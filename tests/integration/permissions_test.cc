// The permission matrix over TCP. Five users (no permissions; global
// read_streams; send_messages on one stream; poll_messages on one topic;
// global read_servers + read_users) run every class of command, and each
// answer must be OK or 41 Unauthorized as Iggy's rules say (the reference §5,
// src/server/auth/permissions.cc). Root may do everything. Without a login,
// every command but ping and the two logins answers 40 Unauthenticated.

#include <functional>
#include <set>

#include "api.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/requests/change_password.h"
#include "protocol/binary/requests/create_partitions.h"
#include "protocol/binary/requests/create_personal_access_token.h"
#include "protocol/binary/requests/delete_consumer_group.h"
#include "protocol/binary/requests/delete_consumer_offset.h"
#include "protocol/binary/requests/delete_partitions.h"
#include "protocol/binary/requests/delete_personal_access_token.h"
#include "protocol/binary/requests/delete_segments.h"
#include "protocol/binary/requests/delete_stream.h"
#include "protocol/binary/requests/delete_topic.h"
#include "protocol/binary/requests/delete_user.h"
#include "protocol/binary/requests/flush_unsaved_buffer.h"
#include "protocol/binary/requests/get_client.h"
#include "protocol/binary/requests/get_clients.h"
#include "protocol/binary/requests/get_cluster_metadata.h"
#include "protocol/binary/requests/get_consumer_groups.h"
#include "protocol/binary/requests/get_consumer_offset.h"
#include "protocol/binary/requests/get_personal_access_tokens.h"
#include "protocol/binary/requests/get_snapshot.h"
#include "protocol/binary/requests/get_stats.h"
#include "protocol/binary/requests/get_streams.h"
#include "protocol/binary/requests/get_topics.h"
#include "protocol/binary/requests/get_user.h"
#include "protocol/binary/requests/get_users.h"
#include "protocol/binary/requests/join_consumer_group.h"
#include "protocol/binary/requests/leave_consumer_group.h"
#include "protocol/binary/requests/logout_user.h"
#include "protocol/binary/requests/ping.h"
#include "protocol/binary/requests/purge_stream.h"
#include "protocol/binary/requests/purge_topic.h"
#include "protocol/binary/requests/store_consumer_offset.h"
#include "protocol/binary/requests/update_permissions.h"
#include "protocol/binary/requests/update_stream.h"
#include "protocol/binary/requests/update_topic.h"
#include "protocol/binary/requests/update_user.h"
#include "support/server_process.h"

using namespace whippet;
using namespace whippet::testkit;

namespace {

// Fixed layout: stream 0 "alpha" with topics 0 "t0" (2 partitions) and
// 1 "t1"; stream 1 "beta" with topic 0 "u0"; group 0 "g" on alpha/t0.
constexpr uint32_t k_alpha = 0, k_beta = 1, k_t0 = 0, k_t1 = 1, k_u0 = 0, k_group = 0;

enum who { nobody, reader, sender, poller, auditor, users_count };
const char* const k_names[] = {"nobody", "reader", "sender", "poller", "auditor"};

struct row {
  std::string what;
  std::function<uint32_t(api&, const std::string& who)> run;
  std::string expected;  // one letter per user in `who` order: A = allowed (OK), D = denied (41)
};

uint32_t send_one(api& c, uint32_t s, uint32_t t) { return c.send(s, t, bin::partitioning::to_partition(0), {"x"}); }
uint32_t poll_one(api& c, uint32_t s, uint32_t t) {
  auto r = c.poll(consumer_id(1), s, t, 0, bin::polling_strategy::first(), 1);
  return r.ok() ? 0 : r.error();
}
// A consumer id of its own for each user (their names start with different letters).
uint32_t offset_consumer(const std::string& who) { return 100 + static_cast<uint8_t>(who.at(0)); }

// Reads, data and administration, safe to run in this order by every user;
// the destructive rows come last so that root can run them all too.
std::vector<row> matrix() {
  const auto s = [](uint32_t id) { return num(id); };
  return {
      {"get_streams", [](api& c, auto&) { return c.status_of(bin::get_streams_request{}); }, "DADDD"},
      {"get_stream alpha", [=](api& c, auto&) { return c.status_of(bin::get_stream_request{s(k_alpha)}); }, "DADDD"},
      {"get_stream beta", [=](api& c, auto&) { return c.status_of(bin::get_stream_request{s(k_beta)}); }, "DADDD"},
      {"get_topics alpha", [=](api& c, auto&) { return c.status_of(bin::get_topics_request{s(k_alpha)}); }, "DADDD"},
      {"get_topic alpha/t0",
       [=](api& c, auto&) { return c.status_of(bin::get_topic_request{s(k_alpha), s(k_t0)}); }, "DADDD"},
      {"get_topic beta/u0",
       [=](api& c, auto&) { return c.status_of(bin::get_topic_request{s(k_beta), s(k_u0)}); }, "DADDD"},
      {"send alpha/t0", [](api& c, auto&) { return send_one(c, k_alpha, k_t0); }, "DDADD"},
      {"send alpha/t1", [](api& c, auto&) { return send_one(c, k_alpha, k_t1); }, "DDADD"},
      {"send beta/u0", [](api& c, auto&) { return send_one(c, k_beta, k_u0); }, "DDDDD"},
      {"flush alpha/t0",
       [=](api& c, auto&) { return c.status_of(bin::flush_unsaved_buffer_request{s(k_alpha), s(k_t0), 0, true}); },
       "DDADD"},
      {"poll alpha/t0", [](api& c, auto&) { return poll_one(c, k_alpha, k_t0); }, "DADAD"},
      {"poll alpha/t1", [](api& c, auto&) { return poll_one(c, k_alpha, k_t1); }, "DADDD"},
      {"poll beta/u0", [](api& c, auto&) { return poll_one(c, k_beta, k_u0); }, "DADDD"},
      {"store_consumer_offset alpha/t0",
       [=](api& c, auto& w) {
         return c.status_of(bin::store_consumer_offset_request{consumer_id(offset_consumer(w)), s(k_alpha), s(k_t0), 0,
                                                               1});
       },
       "DADAD"},
      {"get_consumer_offset alpha/t0",
       [=](api& c, auto& w) {
         return c.status_of(
             bin::get_consumer_offset_request{consumer_id(offset_consumer(w)), s(k_alpha), s(k_t0), 0});
       },
       "DADAD"},
      {"delete_consumer_offset alpha/t0",
       [=](api& c, auto& w) {
         return c.status_of(
             bin::delete_consumer_offset_request{consumer_id(offset_consumer(w)), s(k_alpha), s(k_t0), 0});
       },
       "DADAD"},
      {"store_consumer_offset beta/u0",
       [=](api& c, auto& w) {
         return c.status_of(
             bin::store_consumer_offset_request{consumer_id(offset_consumer(w)), s(k_beta), s(k_u0), 0, 0});
       },
       "DADDD"},
      {"get_consumer_groups alpha/t0",
       [=](api& c, auto&) { return c.status_of(bin::get_consumer_groups_request{s(k_alpha), s(k_t0)}); }, "DADDD"},
      {"get_consumer_group alpha/t0/g",
       [=](api& c, auto&) {
         return c.status_of(bin::get_consumer_group_request{s(k_alpha), s(k_t0), s(k_group)});
       },
       "DADDD"},
      {"get_users", [](api& c, auto&) { return c.status_of(bin::get_users_request{}); }, "DDDDA"},
      {"get_user root", [](api& c, auto&) { return c.status_of(bin::get_user_request{num(0)}); }, "DDDDA"},
      {"get_user self", [](api& c, auto& w) { return c.status_of(bin::get_user_request{named(w)}); }, "AAAAA"},
      {"get_stats", [](api& c, auto&) { return c.status_of(bin::get_stats_request{}); }, "DDDDA"},
      {"get_clients", [](api& c, auto&) { return c.status_of(bin::get_clients_request{}); }, "DDDDA"},
      {"get_client self",
       [](api& c, auto&) {
         auto me = c.me();
         return me ? c.status_of(bin::get_client_request{me->client_id}) : 1u;
       },
       "DDDDA"},
      {"get_me", [](api& c, auto&) { return c.status_of(bin::get_me_request{}); }, "AAAAA"},
      {"ping", [](api& c, auto&) { return c.status_of(bin::ping_request{}); }, "AAAAA"},
      {"create_personal_access_token",
       [](api& c, auto&) { return c.status_of(bin::create_personal_access_token_request{"tok", 0}); }, "AAAAA"},
      {"get_personal_access_tokens",
       [](api& c, auto&) { return c.status_of(bin::get_personal_access_tokens_request{}); }, "AAAAA"},
      {"delete_personal_access_token",
       [](api& c, auto&) { return c.status_of(bin::delete_personal_access_token_request{"tok"}); }, "AAAAA"},
      // Management: nobody but root.
      {"create_stream", [](api& c, auto& w) { return c.status_of(bin::create_stream_request{"new-" + w}); }, "DDDDD"},
      {"update_stream alpha",
       [=](api& c, auto&) { return c.status_of(bin::update_stream_request{s(k_alpha), "alpha"}); }, "DDDDD"},
      {"create_topic alpha",
       [=](api& c, auto& w) {
         bin::create_topic_request req;
         req.stream = s(k_alpha);
         req.partitions_count = 1;
         req.name = "new-" + w;
         return c.status_of(req);
       },
       "DDDDD"},
      {"update_topic alpha/t1",
       [=](api& c, auto&) {
         return c.status_of(
             bin::update_topic_request{s(k_alpha), s(k_t1), bin::compression_algorithm::none, 0, 0, 0, "t1"});
       },
       "DDDDD"},
      {"create_partitions alpha/t1",
       [=](api& c, auto&) { return c.status_of(bin::create_partitions_request{s(k_alpha), s(k_t1), 1}); }, "DDDDD"},
      {"delete_partitions alpha/t1",
       [=](api& c, auto&) { return c.status_of(bin::delete_partitions_request{s(k_alpha), s(k_t1), 1}); }, "DDDDD"},
      {"delete_segments alpha/t1",
       [=](api& c, auto&) { return c.status_of(bin::delete_segments_request{s(k_alpha), s(k_t1), 0, 1}); }, "DDDDD"},
      {"purge_topic alpha/t1",
       [=](api& c, auto&) { return c.status_of(bin::purge_topic_request{s(k_alpha), s(k_t1)}); }, "DDDDD"},
      {"purge_stream beta", [=](api& c, auto&) { return c.status_of(bin::purge_stream_request{s(k_beta)}); }, "DDDDD"},
      {"create_user",
       [](api& c, auto& w) {
         return c.status_of(bin::create_user_request{"made-by-" + w, "pw-123", bin::user_status::active, {}});
       },
       "DDDDD"},
      {"update_user target",
       [](api& c, auto&) {
         return c.status_of(bin::update_user_request{named("target"), std::nullopt, bin::user_status::active});
       },
       "DDDDD"},
      {"update_permissions target",
       [](api& c, auto&) { return c.status_of(bin::update_permissions_request{named("target"), std::nullopt}); },
       "DDDDD"},
      {"change_password target",
       [](api& c, auto&) {
         return c.status_of(bin::change_password_request{named("target"), "target-pw", "target-pw2"});
       },
       "DDDDD"},
      {"delete_user target", [](api& c, auto&) { return c.status_of(bin::delete_user_request{named("target")}); },
       "DDDDD"},
      {"delete_topic alpha/t1",
       [=](api& c, auto&) { return c.status_of(bin::delete_topic_request{s(k_alpha), s(k_t1)}); }, "DDDDD"},
      {"delete_stream beta", [=](api& c, auto&) { return c.status_of(bin::delete_stream_request{s(k_beta)}); },
       "DDDDD"},
  };
}

class permissions_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(server_.address().empty()) << server_.process().output();
    root_ = std::make_unique<api>(server_.address());
    ASSERT_EQ(root_->login(), 0u);
    ASSERT_EQ(root_->create_stream("alpha"), k_alpha);
    ASSERT_EQ(root_->create_stream("beta"), k_beta);
    ASSERT_EQ(root_->create_topic(k_alpha, "t0", 2), k_t0);
    ASSERT_EQ(root_->create_topic(k_alpha, "t1", 1), k_t1);
    ASSERT_EQ(root_->create_topic(k_beta, "u0", 1), k_u0);
    ASSERT_EQ(root_->create_group(k_alpha, k_t0, "g"), k_group);
    for (auto [st, t] : {std::pair{k_alpha, k_t0}, std::pair{k_alpha, k_t1}, std::pair{k_beta, k_u0}})
      ASSERT_EQ(root_->send(st, t, bin::partitioning::to_partition(0), {"a", "b", "c"}), 0u);

    bin::permissions perms[users_count];
    perms[reader].global.read_streams = true;
    perms[sender].streams[k_alpha].send_messages = true;
    perms[poller].streams[k_alpha].topics[k_t0].poll_messages = true;
    perms[auditor].global.read_servers = true;
    perms[auditor].global.read_users = true;
    for (int u = 0; u < users_count; ++u) {
      std::optional<bin::permissions> p;
      if (u != nobody) p = perms[u];
      ASSERT_NE(root_->create_user(k_names[u], std::string(k_names[u]) + "-pw", p), UINT32_MAX);
      users_[u] = std::make_unique<api>(server_.address());
      ASSERT_EQ(users_[u]->login(k_names[u], std::string(k_names[u]) + "-pw"), 0u) << k_names[u];
    }
    ASSERT_NE(root_->create_user("target", "target-pw"), UINT32_MAX);
  }

  // Runs `rows` for every user, in row order, and checks each answer.
  void check(const std::vector<row>& rows) {
    for (const auto& r : rows) {
      ASSERT_EQ(r.expected.size(), static_cast<size_t>(users_count)) << r.what;
      for (int u = 0; u < users_count; ++u) {
        const uint32_t got = r.run(*users_[u], k_names[u]);
        const uint32_t want = r.expected[u] == 'A' ? 0u : code(bin::status::unauthorized);
        EXPECT_EQ(got, want) << r.what << " by " << k_names[u] << " ("
                             << (r.expected[u] == 'A' ? "allowed" : "denied") << ")";
      }
    }
  }

  server_process server_;
  std::unique_ptr<api> root_;
  std::unique_ptr<api> users_[users_count];
};

// A valid payload for every command code (ids of existing objects).
std::vector<std::pair<bin::command_code, std::vector<uint8_t>>> every_command() {
  using cc = bin::command_code;
  const auto s = num(k_alpha), t = num(k_t0), g = num(k_group);
  batch_builder b;
  b.add("x");
  bin::create_topic_request topic;
  topic.stream = s;
  topic.partitions_count = 1;
  topic.name = "n";
  return {
      {cc::get_stats, encode(bin::get_stats_request{})},
      {cc::get_snapshot, encode(bin::get_snapshot_request{bin::snapshot_compression::deflated,
                                                          {bin::snapshot_type::all}})},
      {cc::get_cluster_metadata, encode(bin::get_cluster_metadata_request{})},
      {cc::get_me, encode(bin::get_me_request{})},
      {cc::get_client, encode(bin::get_client_request{1})},
      {cc::get_clients, encode(bin::get_clients_request{})},
      {cc::get_user, encode(bin::get_user_request{num(0)})},
      {cc::get_users, encode(bin::get_users_request{})},
      {cc::create_user, encode(bin::create_user_request{"someone", "pw-123", bin::user_status::active, {}})},
      {cc::delete_user, encode(bin::delete_user_request{named("target")})},
      {cc::update_user, encode(bin::update_user_request{named("target"), "renamed", std::nullopt})},
      {cc::update_permissions, encode(bin::update_permissions_request{named("target"), std::nullopt})},
      {cc::change_password, encode(bin::change_password_request{named("target"), "target-pw", "x-pw"})},
      {cc::logout_user, encode(bin::logout_user_request{})},
      {cc::get_personal_access_tokens, encode(bin::get_personal_access_tokens_request{})},
      {cc::create_personal_access_token, encode(bin::create_personal_access_token_request{"tok", 0})},
      {cc::delete_personal_access_token, encode(bin::delete_personal_access_token_request{"tok"})},
      {cc::poll_messages, encode(bin::poll_messages_request{consumer_id(1), s, t, 0, bin::polling_strategy::first(),
                                                            1, false})},
      {cc::send_messages, bin::encode_send_messages(s, t, bin::partitioning::balanced(), b.bytes(), b.count())},
      {cc::flush_unsaved_buffer, encode(bin::flush_unsaved_buffer_request{s, t, 0, true})},
      {cc::get_consumer_offset, encode(bin::get_consumer_offset_request{consumer_id(1), s, t, 0})},
      {cc::store_consumer_offset, encode(bin::store_consumer_offset_request{consumer_id(1), s, t, 0, 0})},
      {cc::delete_consumer_offset, encode(bin::delete_consumer_offset_request{consumer_id(1), s, t, 0})},
      {cc::get_stream, encode(bin::get_stream_request{s})},
      {cc::get_streams, encode(bin::get_streams_request{})},
      {cc::create_stream, encode(bin::create_stream_request{"fresh"})},
      {cc::delete_stream, encode(bin::delete_stream_request{s})},
      {cc::update_stream, encode(bin::update_stream_request{s, "renamed"})},
      {cc::purge_stream, encode(bin::purge_stream_request{s})},
      {cc::get_topic, encode(bin::get_topic_request{s, t})},
      {cc::get_topics, encode(bin::get_topics_request{s})},
      {cc::create_topic, encode(topic)},
      {cc::delete_topic, encode(bin::delete_topic_request{s, t})},
      {cc::update_topic,
       encode(bin::update_topic_request{s, t, bin::compression_algorithm::none, 0, 0, 0, "renamed"})},
      {cc::purge_topic, encode(bin::purge_topic_request{s, t})},
      {cc::create_partitions, encode(bin::create_partitions_request{s, t, 1})},
      {cc::delete_partitions, encode(bin::delete_partitions_request{s, t, 1})},
      {cc::delete_segments, encode(bin::delete_segments_request{s, t, 0, 1})},
      {cc::get_consumer_group, encode(bin::get_consumer_group_request{s, t, g})},
      {cc::get_consumer_groups, encode(bin::get_consumer_groups_request{s, t})},
      {cc::create_consumer_group, encode(bin::create_consumer_group_request{s, t, "other"})},
      {cc::delete_consumer_group, encode(bin::delete_consumer_group_request{s, t, g})},
      {cc::join_consumer_group, encode(bin::join_consumer_group_request{s, t, g})},
      {cc::leave_consumer_group, encode(bin::leave_consumer_group_request{s, t, g})},
  };
}

void expect_all_unauthenticated(api& c, const std::string& context) {
  for (const auto& [cmd, payload] : every_command()) {
    auto r = c.raw(cmd, payload);
    const uint32_t got = r.ok() ? 0 : r.error().status;
    EXPECT_EQ(got, code(bin::status::unauthenticated))
        << context << ": command " << static_cast<uint32_t>(cmd) << " ("
        << bin::command_name(static_cast<uint32_t>(cmd)).value_or("?") << ")";
  }
  EXPECT_EQ(c.status_of(bin::ping_request{}), 0u) << context;
}

}  // namespace

TEST_F(permissions_test, matrix_of_reads_data_and_administration) { check(matrix()); }

TEST_F(permissions_test, root_may_do_everything) {
  for (const auto& r : matrix()) EXPECT_EQ(r.run(*root_, "iggy"), 0u) << r.what << " by root";
  EXPECT_EQ(root_->status_of(bin::create_consumer_group_request{num(k_alpha), num(k_t0), "root-group"}), 0u);
  EXPECT_EQ(root_->status_of(bin::join_consumer_group_request{num(k_alpha), num(k_t0), named("root-group")}), 0u);
  EXPECT_EQ(root_->status_of(bin::leave_consumer_group_request{num(k_alpha), num(k_t0), named("root-group")}), 0u);
  EXPECT_EQ(root_->status_of(bin::delete_consumer_group_request{num(k_alpha), num(k_t0), named("root-group")}), 0u);
}

TEST_F(permissions_test, consumer_group_changes_need_read_topic) {
  const auto create = [](api& c, const std::string& w) {
    return c.status_of(bin::create_consumer_group_request{num(k_alpha), num(k_t0), "cg-" + w});
  };
  const auto join = [](api& c, auto&) {
    return c.status_of(bin::join_consumer_group_request{num(k_alpha), num(k_t0), num(k_group)});
  };
  const auto leave = [](api& c, auto&) {
    return c.status_of(bin::leave_consumer_group_request{num(k_alpha), num(k_t0), num(k_group)});
  };
  const auto remove = [](api& c, const std::string& w) {
    auto r = c.status_of(bin::delete_consumer_group_request{num(k_alpha), num(k_t0), named("cg-" + w)});
    // The group only exists where creating it was allowed: a missing one is not a permission answer.
    return r == code(bin::status::consumer_group_name_not_found) ? code(bin::status::unauthorized) : r;
  };
  check({{"create_consumer_group", create, "DADDD"},
         {"join_consumer_group", join, "DADDD"},
         {"leave_consumer_group", leave, "DADDD"},
         {"delete_consumer_group", remove, "DADDD"}});
}

TEST_F(permissions_test, permissions_changes_apply_to_logged_in_sessions) {
  api& u = *users_[nobody];
  EXPECT_EQ(u.status_of(bin::get_streams_request{}), code(bin::status::unauthorized));
  bin::permissions p;
  p.global.manage_streams = true;
  ASSERT_EQ(root_->status_of(bin::update_permissions_request{named("nobody"), p}), 0u);
  EXPECT_EQ(u.status_of(bin::get_streams_request{}), 0u);
  EXPECT_EQ(u.status_of(bin::create_stream_request{"by-nobody"}), 0u);
  EXPECT_EQ(send_one(u, k_beta, k_u0), 0u);  // manage_streams implies send
  EXPECT_EQ(poll_one(u, k_beta, k_u0), 0u);  // and poll
  ASSERT_EQ(root_->status_of(bin::update_permissions_request{named("nobody"), std::nullopt}), 0u);
  EXPECT_EQ(u.status_of(bin::get_streams_request{}), code(bin::status::unauthorized));
}

TEST_F(permissions_test, every_command_but_ping_and_login_needs_authentication) {
  // The table covers every code of the 0.8 protocol but ping and the two logins.
  std::set<uint32_t> covered;
  for (const auto& [cmd, payload] : every_command()) covered.insert(static_cast<uint32_t>(cmd));
  for (uint32_t c = 0; c < 1000; ++c) {
    if (!bin::command_name(c)) continue;
    const bool login = c == static_cast<uint32_t>(bin::command_code::ping) ||
                       c == static_cast<uint32_t>(bin::command_code::login_user) ||
                       c == static_cast<uint32_t>(bin::command_code::login_with_personal_access_token);
    EXPECT_EQ(covered.count(c), login ? 0u : 1u) << "command " << c;
  }

  api anonymous(server_.address());
  expect_all_unauthenticated(anonymous, "never logged in");
  api logged_out(server_.address());
  ASSERT_EQ(logged_out.login(), 0u);
  ASSERT_EQ(logged_out.status_of(bin::logout_user_request{}), 0u);
  expect_all_unauthenticated(logged_out, "after logout");
  // Nothing was changed by the refused commands.
  auto s = root_->get_stream(num(k_alpha));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->stream.name, "alpha");
  EXPECT_EQ(s->stream.messages_count, 6u);
  EXPECT_EQ(root_->get_topic(num(k_alpha), num(k_t0))->topic.partitions_count, 2u);
}
