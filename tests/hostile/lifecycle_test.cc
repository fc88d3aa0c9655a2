// Deleting anything while it is in use is safe, and a new object never
// inherits anything from a deleted one with the same name and number.

#include <gtest/gtest.h>

#include <atomic>

#include "hostile.h"
#include "protocol/binary/requests/create_personal_access_token.h"
#include "protocol/binary/requests/delete_stream.h"
#include "protocol/binary/requests/delete_user.h"
#include "protocol/binary/requests/store_consumer_offset.h"
#include "protocol/binary/requests/get_me.h"
#include "protocol/binary/requests/update_user.h"
#include "protocol/binary/responses/personal_access_token.h"
#include "protocol/binary/requests/flush_unsaved_buffer.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace whippet::testkit::hostile;
using namespace std::chrono_literals;

namespace {

uint32_t send_named(api& c, const std::string& payload) {
  batch_builder b;
  for (int i = 0; i < 20; ++i) b.add(payload);
  const auto body = bin::encode_send_messages(named("s"), named("t"), bin::partitioning::balanced(), b.bytes(), b.count());
  auto r = c.raw(bin::command_code::send_messages, body);
  return r.ok() ? 0 : (r.error().status ? r.error().status : 1);
}

bin::create_topic_request topic_t(uint32_t partitions) {
  bin::create_topic_request req;
  req.stream = named("s");
  req.partitions_count = partitions;
  req.name = "t";
  return req;
}

}  // namespace

// Producers under enforce_fsync, consumers and flushes race a loop that
// deletes and recreates the topic and its stream. Under AddressSanitizer
// (the suite's build) a use-after-free is a report and a crash.
TEST(lifecycle, delete_and_recreate_while_sends_polls_and_flushes_are_in_flight) {
  server_process server(env_map{{"WHIPPET_SYSTEM_PARTITION_ENFORCE_FSYNC", "true"}});
  ASSERT_FALSE(server.address().empty());
  api admin(server.address());
  ASSERT_EQ(admin.login(), 0u);
  ASSERT_NE(admin.create_stream("s"), UINT32_MAX);
  ASSERT_EQ(admin.status_of(topic_t(3)), 0u);

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> sent{0}, polled{0}, flushed{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      api c(server.address());
      if (c.login() != 0) return;
      const std::string payload(200, static_cast<char>('a' + w));
      while (!stop) {
        if (w < 2) {
          if (send_named(c, payload) == 0) ++sent;
        } else if (w == 2) {
          bin::poll_messages_request req{consumer_id(1), named("s"), named("t"), 0, bin::polling_strategy::first(), 100, true};
          if (c.call(req).ok()) ++polled;
        } else {
          if (c.status_of(bin::flush_unsaved_buffer_request{named("s"), named("t"), 1, true}) == 0) ++flushed;
        }
      }
    });
  }
  for (int round = 0; round < 30; ++round) {
    std::this_thread::sleep_for(20ms);
    if (round % 5 == 4) {
      EXPECT_EQ(admin.status_of(bin::delete_stream_request{named("s")}), 0u);
      EXPECT_NE(admin.create_stream("s"), UINT32_MAX);
    } else {
      EXPECT_EQ(admin.status_of(bin::delete_topic_request{named("s"), named("t")}), 0u);
    }
    ASSERT_EQ(admin.status_of(topic_t(1 + round % 3)), 0u);
    // Right after the create, a send from another connection (another shard) works.
    api fresh(server.address());
    ASSERT_EQ(fresh.login(), 0u);
    EXPECT_EQ(send_named(fresh, "first"), 0u) << "round " << round;
  }
  stop = true;
  for (auto& t : workers) t.join();
  EXPECT_GT(sent.load(), 0u);
  EXPECT_TRUE(server.process().running());
  const auto log = server.process().output();
  EXPECT_EQ(log.find("AddressSanitizer"), std::string::npos) << log;
  EXPECT_EQ(log.find("runtime error"), std::string::npos) << log;
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

TEST(lifecycle, a_deleted_users_sessions_end_and_never_act_as_the_next_user_with_its_id) {
  server_process server;
  ASSERT_FALSE(server.address().empty());
  api root(server.address());
  ASSERT_EQ(root.login(), 0u);
  const uint32_t alice = root.create_user("alice", "alice-pw");
  api by_password(server.address());
  ASSERT_EQ(by_password.login("alice", "alice-pw"), 0u);
  auto pat = by_password.call(bin::create_personal_access_token_request{"t", 0});
  ASSERT_TRUE(pat.ok());
  const std::string token = bin::decode_raw_personal_access_token(*pat)->token;
  api by_token(server.address());
  ASSERT_EQ(by_token.login_with_token(token), 0u);

  ASSERT_EQ(root.status_of(bin::delete_user_request{num(alice)}), 0u);
  bin::permissions admin;
  admin.global.manage_streams = true;
  admin.global.read_streams = true;
  const uint32_t bob = root.create_user("bob", "bob-pw", admin);
  ASSERT_EQ(bob, alice) << "the id is reused, as Iggy 0.8 reuses it";

  for (api* c : {&by_password, &by_token}) {
    EXPECT_EQ(c->status_of(bin::create_stream_request{"not-bobs"}), code(bin::status::unauthenticated));
    EXPECT_EQ(c->status_of(bin::get_me_request{}), code(bin::status::unauthenticated));
  }
  api again(server.address());
  EXPECT_EQ(again.login_with_token(token), code(bin::status::invalid_personal_access_token));
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

TEST(lifecycle, deactivating_a_user_ends_its_sessions) {
  server_process server;
  ASSERT_FALSE(server.address().empty());
  api root(server.address());
  ASSERT_EQ(root.login(), 0u);
  const uint32_t dave = root.create_user("dave", "dave-pw");
  api c(server.address());
  ASSERT_EQ(c.login("dave", "dave-pw"), 0u);
  ASSERT_EQ(root.status_of(bin::update_user_request{num(dave), std::nullopt, bin::user_status::inactive}), 0u);
  EXPECT_EQ(c.status_of(bin::get_me_request{}), code(bin::status::user_inactive));
  ASSERT_EQ(root.status_of(bin::update_user_request{num(dave), std::nullopt, bin::user_status::active}), 0u);
  // Reactivated, dave must log in again: the old session ended.
  EXPECT_EQ(c.status_of(bin::get_me_request{}), code(bin::status::unauthenticated));
  EXPECT_EQ(c.login("dave", "dave-pw"), 0u);
  EXPECT_EQ(c.status_of(bin::get_me_request{}), 0u);
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

TEST(lifecycle, grants_on_a_deleted_stream_or_topic_do_not_pass_to_its_successor) {
  server_process server;
  ASSERT_FALSE(server.address().empty());
  api root(server.address());
  ASSERT_EQ(root.login(), 0u);
  const uint32_t s = root.create_stream("s");
  const uint32_t t = root.create_topic(s, "t", 1);
  bin::permissions perms;
  perms.streams[s].poll_messages = true;
  perms.streams[s].read_stream = true;
  root.create_user("carol", "carol-pw", perms);
  api carol(server.address());
  ASSERT_EQ(carol.login("carol", "carol-pw"), 0u);
  EXPECT_TRUE(carol.poll(consumer_id(1), s, t, 0, bin::polling_strategy::first(), 1).ok());

  ASSERT_EQ(root.status_of(bin::delete_stream_request{num(s)}), 0u);
  // Its files and directories are gone, all of them (removed through the rings).
  EXPECT_TRUE(std::filesystem::is_empty(server.dir().path() / "data" / "streams"));
  ASSERT_EQ(root.create_stream("s2"), s) << "the id is reused, as Iggy 0.8 reuses it";
  ASSERT_EQ(root.create_topic(s, "t", 1), t);
  auto r = carol.poll(consumer_id(1), s, t, 0, bin::polling_strategy::first(), 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), code(bin::status::unauthorized));
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

// A crash between the metadata commit of a delete and the removal of its
// files leaves the directory behind: the next start must move it aside, and a
// topic created with the same name and id must start empty.
TEST(lifecycle, a_deleted_topics_leftover_directory_is_quarantined_never_adopted) {
  server_process server;
  ASSERT_FALSE(server.address().empty());
  const auto data = server.dir().path() / "data";
  uint32_t s = 0, t = 0;
  {
    api c(server.address());
    ASSERT_EQ(c.login(), 0u);
    s = c.create_stream("s");
    t = c.create_topic(s, "t", 1);
    ASSERT_EQ(c.send(s, t, bin::partitioning::to_partition(0), {"old-1", "old-2"}), 0u);
    auto stored = c.call(bin::store_consumer_offset_request{consumer_id(1), num(s), num(t), 0, 1});
    ASSERT_TRUE(stored.ok());
  }
  std::filesystem::path topic_dir;
  for (const auto& e : std::filesystem::recursive_directory_iterator(data / "streams"))
    if (e.path().parent_path().filename() == "topics") topic_dir = e.path();
  ASSERT_FALSE(topic_dir.empty());
  const auto backup = server.dir().path() / "backup";
  std::filesystem::copy(topic_dir, backup, std::filesystem::copy_options::recursive);
  {
    api c(server.address());
    ASSERT_EQ(c.login(), 0u);
    ASSERT_EQ(c.status_of(bin::delete_topic_request{num(s), num(t)}), 0u);
  }
  ASSERT_EQ(server.stop(), 0);
  ASSERT_FALSE(std::filesystem::exists(topic_dir));
  std::filesystem::copy(backup, topic_dir, std::filesystem::copy_options::recursive);  // the removal "never happened"

  server.start();
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  EXPECT_NE(server.process().output().find("the catalog has no such stream, topic or partition"), std::string::npos)
      << server.process().output();
  EXPECT_FALSE(std::filesystem::exists(topic_dir));
  EXPECT_TRUE(std::filesystem::exists(data / "quarantine"));
  api c(server.address());
  ASSERT_EQ(c.login(), 0u);
  ASSERT_EQ(c.create_topic(s, "t", 1), t) << "the same id, as Iggy 0.8 gives";
  auto r = c.poll(consumer_id(1), s, t, 0, bin::polling_strategy::first(), 10);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->payloads.empty()) << "the new topic adopted the deleted one's messages";
  auto next = c.poll(consumer_id(1), s, t, 0, bin::polling_strategy::next(), 10);
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->payloads.empty());
  ASSERT_EQ(c.send(s, t, bin::partitioning::to_partition(0), {"new"}), 0u);
  r = c.poll(consumer_id(1), s, t, 0, bin::polling_strategy::first(), 10);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->payloads.size(), 1u);
  EXPECT_EQ(r->offsets[0], 0u);
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

// A stop while clients keep connecting, logging in, pinging and vanishing
// (some mid-request) ends within a second or two, every time: no connection
// accepted as the listener stops outlives it, and no socket operation is
// left pending on a closed descriptor.
TEST(lifecycle, a_stop_during_a_storm_of_connections_ends_promptly) {
  for (int round = 0; round < 4; ++round) {
    server_process server;
    ASSERT_FALSE(server.address().empty());
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> pings{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 6; ++c) {
      clients.emplace_back([&, c] {
        for (int i = 0; !stop && i < 100000; ++i) {
          raw_socket s(server.address());
          if (!s.connected()) continue;
          if (c % 3 == 0) continue;  // connects and goes away at once
          if (!raw_login(s)) continue;
          if (s.send(k_ping) && s.recv_exact(k_ok_empty.size(), 2s)) ++pings;
          if (c % 3 == 2) (void)s.send(std::span(k_ping).first(3));  // vanishes mid-request
        }
      });
    }
    std::this_thread::sleep_for(700ms);
    const auto begin = std::chrono::steady_clock::now();
    const int status = server.stop();
    const auto took = std::chrono::steady_clock::now() - begin;
    stop = true;
    for (auto& t : clients) t.join();
    EXPECT_GT(pings.load(), 0u) << "round " << round;
    EXPECT_EQ(status, 0) << "round " << round << "\n" << server.process().output();
    EXPECT_LT(took, 4s) << "round " << round << "\n" << server.process().output();
    if (HasFailure()) break;
  }
}
