// The command layer (src/server/commands/) called directly, in process, with
// no wire protocol in between: the table lists every operation of the layer
// with the right it needs. A session without a login is unauthenticated; a
// user without the right, or with only a weaker one, is unauthorized; a user
// with exactly that right is not refused. Front doors only translate these
// answers (the binary protocol's own matrix is permissions_test.cc).

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <optional>

#include "api.h"
#include "server/broker.h"
#include "server/commands/groups.h"
#include "server/commands/messages.h"
#include "server/commands/streams.h"
#include "server/commands/system.h"
#include "server/commands/topics.h"
#include "server/commands/users.h"
#include "server/server.h"
#include "support/batch_builder.h"
#include "support/in_process_server.h"

using namespace whippet;
using namespace whippet::testkit;
using server::command_context;
using server::commands::errc;
namespace commands = server::commands;

namespace {

using answer = std::optional<errc>;  // nullopt: done
using operation = std::function<boost::asio::awaitable<answer>(command_context&)>;

template <typename T>
boost::asio::awaitable<answer> outcome(commands::op<T> o) {
  auto r = co_await std::move(o);
  if (r) co_return std::nullopt;
  co_return r.error();
}

enum class right {
  read_streams,
  manage_streams,
  read_topics,
  manage_topics,
  poll_messages,
  send_messages,
  read_users,
  manage_users,
  read_servers
};
constexpr int k_rights = 9;

struct row {
  std::string what;
  std::optional<right> needs;  // none: a login is enough
  std::optional<right> not_enough;  // a weaker right that must be refused too
  operation run;
};

// The sessions the table runs as are this client, registered by the fixture.
constexpr uint32_t k_client = 4242;
const commands::ref alpha = std::string("alpha");
const commands::ref t0 = std::string("t0");

commands::topic_settings settings(std::string name) { return {std::move(name), 1, 0, 0, 0}; }
commands::consumer_ref one_consumer() { return {commands::consumer_ref::kind::consumer, uint32_t{1}}; }

// Reads first, then changes, then deletions (of what only they use: the
// stream, topic and group named "doomed"), so that one pass of allowed users
// leaves what the next row needs.
std::vector<row> table() {
  using commands::op;
  return {
      {"get_streams", right::read_streams, {}, [](auto& c) { return outcome(commands::get_streams(c)); }},
      {"get_stream", right::read_streams, {}, [](auto& c) { return outcome(commands::get_stream(c, alpha)); }},
      {"get_topics", right::read_topics, {}, [](auto& c) { return outcome(commands::get_topics(c, alpha)); }},
      {"get_topic", right::read_topics, {}, [](auto& c) { return outcome(commands::get_topic(c, alpha, t0)); }},
      {"send_messages", right::send_messages, right::poll_messages,
       [](auto& c) -> boost::asio::awaitable<answer> {
         batch_builder b;
         b.add("hello");
         co_return co_await outcome(commands::send_messages(
             c, alpha, t0, {commands::partitioning::kind::partition_id, 0, {}}, b.bytes(), b.count()));
       }},
      {"flush_unsaved_buffer", right::send_messages, right::poll_messages,
       [](auto& c) { return outcome(commands::flush_unsaved_buffer(c, alpha, t0, 0, true)); }},
      {"poll_messages", right::poll_messages, right::send_messages,
       [](auto& c) {
         return outcome(commands::poll_messages(c, one_consumer(), alpha, t0, 0,
                                                {commands::polling::kind::first, 0}, 10, false));
       }},
      {"get_consumer_groups", right::read_topics, right::send_messages,
       [](auto& c) { return outcome(commands::get_consumer_groups(c, alpha, t0)); }},
      {"get_consumer_group", right::read_topics, right::send_messages,
       [](auto& c) { return outcome(commands::get_consumer_group(c, alpha, t0, std::string("g"))); }},
      {"create_consumer_group", right::read_topics, right::send_messages,
       [](auto& c) { return outcome(commands::create_consumer_group(c, alpha, t0, "g-" + std::to_string(*c.s.user_id))); }},
      {"join_consumer_group", right::read_topics, right::send_messages,
       [](auto& c) { return outcome(commands::join_consumer_group(c, alpha, t0, std::string("g"))); }},
      {"leave_consumer_group", right::read_topics, right::send_messages,
       [](auto& c) { return outcome(commands::leave_consumer_group(c, alpha, t0, std::string("g"))); }},
      {"store_consumer_offset", right::poll_messages, right::send_messages,
       [](auto& c) { return outcome(commands::store_consumer_offset(c, one_consumer(), alpha, t0, 0, 0)); }},
      {"get_consumer_offset", right::poll_messages, right::send_messages,
       [](auto& c) { return outcome(commands::get_consumer_offset(c, one_consumer(), alpha, t0, 0)); }},
      {"delete_consumer_offset", right::poll_messages, right::send_messages,
       [](auto& c) { return outcome(commands::delete_consumer_offset(c, one_consumer(), alpha, t0, 0)); }},
      {"delete_consumer_group", right::read_topics, right::send_messages,
       [](auto& c) { return outcome(commands::delete_consumer_group(c, alpha, t0, std::string("doomed"))); }},
      {"create_stream", right::manage_streams, right::read_streams,
       [](auto& c) { return outcome(commands::create_stream(c, "fresh-" + std::to_string(*c.s.user_id))); }},
      {"update_stream", right::manage_streams, right::read_streams,
       [](auto& c) { return outcome(commands::update_stream(c, alpha, "alpha")); }},
      {"purge_stream", right::manage_streams, right::read_streams,
       [](auto& c) { return outcome(commands::purge_stream(c, alpha)); }},
      {"create_topic", right::manage_topics, right::read_topics,
       [](auto& c) {
         return outcome(commands::create_topic(c, alpha, settings("new-" + std::to_string(*c.s.user_id)), 1));
       }},
      {"update_topic", right::manage_topics, right::read_topics,
       [](auto& c) { return outcome(commands::update_topic(c, alpha, t0, settings("t0"))); }},
      {"purge_topic", right::manage_topics, right::read_topics,
       [](auto& c) { return outcome(commands::purge_topic(c, alpha, t0)); }},
      {"create_partitions", right::manage_topics, right::read_topics,
       [](auto& c) { return outcome(commands::create_partitions(c, alpha, t0, 1)); }},
      {"delete_partitions", right::manage_topics, right::read_topics,
       [](auto& c) { return outcome(commands::delete_partitions(c, alpha, t0, 1)); }},
      {"delete_segments", right::manage_topics, right::read_topics,
       [](auto& c) { return outcome(commands::delete_segments(c, alpha, t0, 0, 1)); }},
      {"delete_topic", right::manage_topics, right::read_topics,
       [](auto& c) { return outcome(commands::delete_topic(c, alpha, std::string("doomed"))); }},
      {"delete_stream", right::manage_streams, right::read_streams,
       [](auto& c) { return outcome(commands::delete_stream(c, std::string("doomed"))); }},
      {"get_users", right::read_users, {}, [](auto& c) { return outcome(commands::get_users(c)); }},
      {"get_user (another)", right::read_users, {}, [](auto& c) { return outcome(commands::get_user(c, uint32_t{0})); }},
      {"get_user (oneself)", {}, {}, [](auto& c) { return outcome(commands::get_user(c, *c.s.user_id)); }},
      {"create_user", right::manage_users, right::read_users,
       [](auto& c) {
         return outcome(commands::create_user(c, "u-" + std::to_string(*c.s.user_id), "secret-2", true, std::nullopt));
       }},
      {"update_user", right::manage_users, right::read_users,
       [](auto& c) { return outcome(commands::update_user(c, std::string("victim"), std::nullopt, true)); }},
      {"update_permissions", right::manage_users, right::read_users,
       [](auto& c) { return outcome(commands::update_permissions(c, std::string("victim"), std::nullopt)); }},
      {"change_password (another)", right::manage_users, right::read_users,
       [](auto& c) { return outcome(commands::change_password(c, std::string("victim"), "victim-pw", "victim-pw2")); }},
      {"delete_user", right::manage_users, right::read_users,
       [](auto& c) { return outcome(commands::delete_user(c, std::string("victim"))); }},
      {"create_personal_access_token", {}, {},
       [](auto& c) { return outcome(commands::create_personal_access_token(c, "tok", 0)); }},
      {"get_personal_access_tokens", {}, {}, [](auto& c) { return outcome(commands::get_personal_access_tokens(c)); }},
      {"delete_personal_access_token", {}, {},
       [](auto& c) { return outcome(commands::delete_personal_access_token(c, "tok")); }},
      {"get_stats", right::read_servers, right::read_users, [](auto& c) { return outcome(commands::get_stats(c)); }},
      {"get_clients", right::read_servers, right::read_users,
       [](auto& c) { return outcome(commands::get_clients(c)); }},
      {"get_client", right::read_servers, right::read_users,
       [](auto& c) { return outcome(commands::get_client(c, k_client)); }},
      {"get_me", {}, {}, [](auto& c) { return outcome(commands::get_me(c)); }},
      {"get_cluster_metadata", {}, {}, [](auto& c) { return outcome(commands::get_cluster_metadata(c)); }},
      {"logout_user", {}, {}, [](auto& c) { return outcome(commands::logout_user(c)); }},
  };
}

bin::permissions grant(right r) {
  bin::permissions p;
  switch (r) {
    case right::read_streams: p.global.read_streams = true; break;
    case right::manage_streams: p.global.manage_streams = true; break;
    case right::read_topics: p.global.read_topics = true; break;
    case right::manage_topics: p.global.manage_topics = true; break;
    case right::poll_messages: p.global.poll_messages = true; break;
    case right::send_messages: p.global.send_messages = true; break;
    case right::read_users: p.global.read_users = true; break;
    case right::manage_users: p.global.manage_users = true; break;
    case right::read_servers: p.global.read_servers = true; break;
  }
  return p;
}

class command_layer : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.emplace(storage::posix_file_system(), std::map<std::string, std::string>{});
    ASSERT_FALSE(server_->address().empty());
    root_.emplace(server_->address());
    ASSERT_EQ(root_->login(), 0u);
    const uint32_t s = root_->create_stream("alpha");
    ASSERT_NE(root_->create_topic(s, "t0", 2), UINT32_MAX);
    ASSERT_NE(root_->create_topic(s, "doomed", 1), UINT32_MAX);
    ASSERT_NE(root_->create_stream("doomed"), UINT32_MAX);
    nobody_ = root_->create_user("nobody", "secret-1");
    for (int r = 0; r < k_rights; ++r)
      users_[r] = root_->create_user("user" + std::to_string(r), "secret-1", grant(static_cast<right>(r)));
    ASSERT_NE(root_->create_group(s, 0, "g"), UINT32_MAX);
    ASSERT_NE(root_->create_group(s, 0, "doomed"), UINT32_MAX);
    ASSERT_NE(root_->create_user("victim", "victim-pw"), UINT32_MAX);
    server_->get().broker().sessions().add({k_client, std::nullopt, "127.0.0.1:1", 1, 0});
  }

  // Runs `op` on shard 0 as `user` (none: a session without a login).
  answer run_as(std::optional<uint32_t> user, const operation& op) {
    auto& b = server_->get().broker();
    std::promise<answer> done;
    auto future = done.get_future();
    boost::asio::co_spawn(
        b.pool().context(0),
        [&]() -> boost::asio::awaitable<void> {
          server::session s;
          s.client_id = k_client;
          if (user) {
            s.user_id = *user;
            s.user_incarnation = b.snapshot()->users.at(*user).incarnation;
          }
          command_context ctx{b, s, b.snapshot(), 0};
          done.set_value(co_await op(ctx));
        },
        boost::asio::detached);
    if (future.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
      ADD_FAILURE() << "the operation did not end";
      return errc::internal;
    }
    return future.get();
  }
  uint32_t user_with(right r) const { return users_[static_cast<int>(r)]; }

  std::optional<in_process_server> server_;
  std::optional<api> root_;
  uint32_t nobody_ = 0;
  uint32_t users_[k_rights] = {};
};

}  // namespace

TEST_F(command_layer, every_operation_checks_its_right_and_nothing_else_decides) {
  for (const auto& r : table()) {
    SCOPED_TRACE(r.what);
    EXPECT_EQ(run_as(std::nullopt, r.run), errc::unauthenticated);
    if (!r.needs) continue;
    EXPECT_EQ(run_as(nobody_, r.run), errc::unauthorized);
    if (r.not_enough) {
      EXPECT_EQ(run_as(user_with(*r.not_enough), r.run), errc::unauthorized);
    }
  }
  // Nothing was changed by the refusals; now each with its right (a login
  // with no rights at all where it needs none).
  for (const auto& r : table()) {
    SCOPED_TRACE(r.what);
    EXPECT_EQ(run_as(r.needs ? user_with(*r.needs) : nobody_, r.run), std::nullopt);
  }
}

TEST_F(command_layer, names_that_do_not_exist_are_told_apart_by_id_and_by_name) {
  const operation by_name = [](auto& c) { return outcome(commands::get_stream(c, std::string("nope"))); };
  const operation by_id = [](auto& c) { return outcome(commands::get_stream(c, uint32_t{77})); };
  const operation topic = [](auto& c) { return outcome(commands::get_topic(c, alpha, std::string("nope"))); };
  EXPECT_EQ(run_as(user_with(right::read_streams), by_name), errc::stream_name_not_found);
  EXPECT_EQ(run_as(user_with(right::read_streams), by_id), errc::stream_id_not_found);
  EXPECT_EQ(run_as(user_with(right::read_topics), topic), errc::topic_name_not_found);
  // A missing stream is told before a missing right, as Iggy's server does.
  EXPECT_EQ(run_as(nobody_, by_name), errc::stream_name_not_found);
}
