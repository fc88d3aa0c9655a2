// Users and personal access tokens over TCP: login and logout, create, get,
// list, update and delete users, passwords, permissions, inactive users, the
// protected root user, and tokens (create, list, login, delete, duplicates,
// expiry and the per-user limit).

#include <chrono>
#include <thread>

#include "api.h"
#include "protocol/binary/requests/change_password.h"
#include "protocol/binary/requests/create_personal_access_token.h"
#include "protocol/binary/requests/delete_personal_access_token.h"
#include "protocol/binary/requests/delete_user.h"
#include "protocol/binary/requests/get_personal_access_tokens.h"
#include "protocol/binary/requests/get_streams.h"
#include "protocol/binary/requests/get_user.h"
#include "protocol/binary/requests/get_users.h"
#include "protocol/binary/requests/logout_user.h"
#include "protocol/binary/requests/update_permissions.h"
#include "protocol/binary/requests/update_user.h"
#include "protocol/binary/responses/identity.h"
#include "protocol/binary/responses/personal_access_token.h"
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

bin::permissions sample_permissions() {
  bin::permissions p;
  p.global.read_streams = true;
  p.global.read_users = true;
  bin::stream_permissions s;
  s.send_messages = true;
  s.topics[3].poll_messages = true;
  s.topics[3].read_topic = true;
  p.streams[7] = s;
  return p;
}

class users_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(server_.address().empty()) << server_.process().output();
    root_ = std::make_unique<api>(server_.address());
    ASSERT_EQ(root_->login(), 0u);
  }

  std::unique_ptr<api> connect() { return std::make_unique<api>(server_.address()); }

  std::optional<bin::user_details> user(api& c, const bin::identifier& id) {
    return c.fetch(bin::get_user_request{id}, [](std::span<const uint8_t> p) { return bin::decode_user_details(p); });
  }
  bool user_unknown(const bin::identifier& id) {
    auto p = root_->payload_of(bin::get_user_request{id});
    return p && p->empty();
  }
  std::vector<bin::user_response> users() {
    return root_->fetch(bin::get_users_request{}, [](std::span<const uint8_t> p) { return bin::decode_user_list(p); })
        .value_or(std::vector<bin::user_response>{});
  }
  std::string create_token(api& c, const std::string& name, uint64_t expiry) {
    auto t = c.fetch(bin::create_personal_access_token_request{name, expiry},
                     [](std::span<const uint8_t> p) { return bin::decode_raw_personal_access_token(p); });
    return t ? t->token : std::string();
  }
  std::vector<bin::personal_access_token_info> tokens(api& c) {
    return c.fetch(bin::get_personal_access_tokens_request{},
                   [](std::span<const uint8_t> p) { return bin::decode_personal_access_token_list(p); })
        .value_or(std::vector<bin::personal_access_token_info>{});
  }
  std::optional<uint32_t> token_login(const std::string& token, uint32_t* status = nullptr) {
    auto c = connect();
    auto r = c->call(bin::login_with_personal_access_token_request{token});
    if (status) *status = r.ok() ? 0 : r.error().status;
    if (!r.ok()) return std::nullopt;
    auto id = bin::decode_identity_response(*r);
    EXPECT_TRUE(id.ok());
    return id.ok() ? std::optional<uint32_t>(id->user_id) : std::nullopt;
  }

  server_process server_;
  std::unique_ptr<api> root_;
};

}  // namespace

TEST_F(users_test, login_answers_the_user_id_and_refuses_bad_credentials) {
  auto c = connect();
  auto r = c->call(bin::login_user_request{"iggy", "iggy", "", ""});
  ASSERT_TRUE(r.ok());
  auto id = bin::decode_identity_response(*r);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->user_id, 0u);  // the root user is id 0

  auto wrong = connect();
  EXPECT_EQ(wrong->login("iggy", "not-the-password"), code(bin::status::invalid_credentials));
  EXPECT_EQ(wrong->status_of(bin::get_streams_request{}), code(bin::status::unauthenticated));
  auto unknown = connect();
  EXPECT_EQ(unknown->login("nobody-here", "iggy"), code(bin::status::invalid_credentials));
  EXPECT_EQ(unknown->status_of(bin::get_streams_request{}), code(bin::status::unauthenticated));
  // A failed attempt does not spoil the connection.
  EXPECT_EQ(wrong->login(), 0u);
  EXPECT_EQ(wrong->status_of(bin::get_streams_request{}), 0u);
}

TEST_F(users_test, logout_then_commands_are_unauthenticated) {
  ASSERT_EQ(root_->status_of(bin::logout_user_request{}), 0u);
  EXPECT_EQ(root_->status_of(bin::get_streams_request{}), code(bin::status::unauthenticated));
  EXPECT_EQ(root_->status_of(bin::get_me_request{}), code(bin::status::unauthenticated));
  EXPECT_EQ(root_->status_of(bin::get_users_request{}), code(bin::status::unauthenticated));
  EXPECT_EQ(root_->status_of(bin::logout_user_request{}), code(bin::status::unauthenticated));
  EXPECT_EQ(root_->status_of(bin::create_stream_request{"s"}), code(bin::status::unauthenticated));
  ASSERT_EQ(root_->login(), 0u);
  EXPECT_EQ(root_->status_of(bin::get_streams_request{}), 0u);
}

TEST_F(users_test, create_get_list_update_delete_user) {
  const auto perms = sample_permissions();
  auto created = root_->fetch(bin::create_user_request{"alice", "secret-1", bin::user_status::active, perms},
                              [](std::span<const uint8_t> p) { return bin::decode_user_details(p); });
  ASSERT_TRUE(created);
  EXPECT_EQ(created->user.id, 1u);
  EXPECT_EQ(created->user.username, "alice");
  EXPECT_EQ(created->user.status, bin::user_status::active);
  EXPECT_GT(created->user.created_at, 0u);
  EXPECT_EQ(created->permissions, perms);

  auto by_id = user(*root_, num(1));
  auto by_name = user(*root_, named("alice"));
  ASSERT_TRUE(by_id && by_name);
  EXPECT_EQ(*by_id, created.value());
  EXPECT_EQ(*by_name, created.value());

  auto bob = root_->fetch(bin::create_user_request{"bob", "secret-2", bin::user_status::active, std::nullopt},
                          [](std::span<const uint8_t> p) { return bin::decode_user_details(p); });
  ASSERT_TRUE(bob);
  EXPECT_EQ(bob->user.id, 2u);
  EXPECT_FALSE(bob->permissions.has_value());

  auto all = users();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, 0u);
  EXPECT_EQ(all[0].username, "iggy");
  EXPECT_EQ(all[1].username, "alice");
  EXPECT_EQ(all[2].username, "bob");

  EXPECT_EQ(root_->status_of(bin::create_user_request{"alice", "other-pw", bin::user_status::active, std::nullopt}),
            code(bin::status::user_already_exists));

  ASSERT_EQ(root_->status_of(bin::update_user_request{named("alice"), "alicia", bin::user_status::inactive}), 0u);
  auto updated = user(*root_, num(1));
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->user.username, "alicia");
  EXPECT_EQ(updated->user.status, bin::user_status::inactive);
  EXPECT_EQ(updated->permissions, perms);  // untouched
  EXPECT_TRUE(user_unknown(named("alice")));
  EXPECT_EQ(root_->status_of(bin::update_user_request{num(1), "bob", std::nullopt}),
            code(bin::status::user_already_exists));
  // Status only, name only.
  ASSERT_EQ(root_->status_of(bin::update_user_request{num(1), std::nullopt, bin::user_status::active}), 0u);
  EXPECT_EQ(user(*root_, num(1))->user.username, "alicia");

  ASSERT_EQ(root_->status_of(bin::delete_user_request{named("alicia")}), 0u);
  EXPECT_TRUE(user_unknown(num(1)));
  EXPECT_TRUE(user_unknown(named("alicia")));
  EXPECT_EQ(users().size(), 2u);
  EXPECT_NE(root_->status_of(bin::delete_user_request{num(1)}), 0u);
  EXPECT_NE(root_->status_of(bin::update_user_request{num(1), "zed", std::nullopt}), 0u);
  // The name is free again.
  EXPECT_NE(root_->create_user("alicia", "secret-3"), UINT32_MAX);
}

TEST_F(users_test, usernames_and_passwords_are_validated) {
  // Iggy's rules: usernames of 3 to 50 characters, passwords of 3 to 100.
  const auto create = [&](const std::string& name, const std::string& pw) {
    return root_->status_of(bin::create_user_request{name, pw, bin::user_status::active, std::nullopt});
  };
  EXPECT_EQ(create("ab", "good-pw"), code(bin::status::invalid_username));
  EXPECT_EQ(create(std::string(51, 'u'), "good-pw"), code(bin::status::invalid_username));
  EXPECT_EQ(create("good-name", "pw"), code(bin::status::invalid_password));
  EXPECT_EQ(create("good-name", std::string(101, 'p')), code(bin::status::invalid_password));
  EXPECT_EQ(users().size(), 1u);
  EXPECT_EQ(create("abc", "pwd"), 0u);
  EXPECT_EQ(create(std::string(50, 'u'), std::string(100, 'p')), 0u);
  EXPECT_EQ(connect()->login(std::string(50, 'u'), std::string(100, 'p')), 0u);
  EXPECT_EQ(root_->status_of(bin::update_user_request{named("abc"), "ab", std::nullopt}),
            code(bin::status::invalid_username));
  EXPECT_EQ(root_->status_of(bin::change_password_request{named("abc"), "pwd", "p"}),
            code(bin::status::invalid_password));
}

TEST_F(users_test, logging_in_again_switches_the_user) {
  const uint32_t id = root_->create_user("hank", "hank-pw");
  ASSERT_NE(id, UINT32_MAX);
  ASSERT_EQ(root_->login("hank", "hank-pw"), 0u);
  auto me = root_->me();
  ASSERT_TRUE(me);
  EXPECT_EQ(me->user_id, id);
  EXPECT_EQ(root_->status_of(bin::get_users_request{}), code(bin::status::unauthorized));
  ASSERT_EQ(root_->login(), 0u);
  EXPECT_EQ(root_->status_of(bin::get_users_request{}), 0u);
}

TEST_F(users_test, unknown_user_is_resource_not_found) {
  const uint32_t resource_not_found = 20;
  EXPECT_EQ(root_->status_of(bin::delete_user_request{num(42)}), resource_not_found);
  EXPECT_EQ(root_->status_of(bin::delete_user_request{named("ghost")}), resource_not_found);
  EXPECT_EQ(root_->status_of(bin::update_user_request{num(42), "x-name", std::nullopt}), resource_not_found);
  EXPECT_EQ(root_->status_of(bin::update_permissions_request{num(42), std::nullopt}), resource_not_found);
  EXPECT_EQ(root_->status_of(bin::change_password_request{named("ghost"), "a-pw", "b-pw"}), resource_not_found);
}

TEST_F(users_test, change_password_then_login_with_the_new_one) {
  ASSERT_NE(root_->create_user("carol", "first-pw"), UINT32_MAX);
  auto carol = connect();
  ASSERT_EQ(carol->login("carol", "first-pw"), 0u);
  // Her own password: no manage_users needed, but the current one must be right.
  EXPECT_EQ(carol->status_of(bin::change_password_request{named("carol"), "wrong-pw", "second-pw"}),
            code(bin::status::invalid_credentials));
  ASSERT_EQ(carol->status_of(bin::change_password_request{named("carol"), "first-pw", "second-pw"}), 0u);
  EXPECT_EQ(connect()->login("carol", "first-pw"), code(bin::status::invalid_credentials));
  EXPECT_EQ(connect()->login("carol", "second-pw"), 0u);

  // Root changes it for her.
  ASSERT_EQ(root_->status_of(bin::change_password_request{num(1), "second-pw", "third-pw"}), 0u);
  EXPECT_EQ(connect()->login("carol", "third-pw"), 0u);
  EXPECT_EQ(connect()->login("carol", "second-pw"), code(bin::status::invalid_credentials));
  // Root's own password.
  ASSERT_EQ(root_->status_of(bin::change_password_request{num(0), "iggy", "new-root"}), 0u);
  EXPECT_EQ(connect()->login("iggy", "new-root"), 0u);
  EXPECT_EQ(connect()->login("iggy", "iggy"), code(bin::status::invalid_credentials));
}

TEST_F(users_test, update_permissions_replaces_them) {
  const uint32_t id = root_->create_user("dave", "dave-pw");
  ASSERT_NE(id, UINT32_MAX);
  auto d = connect();
  ASSERT_EQ(d->login("dave", "dave-pw"), 0u);
  EXPECT_EQ(d->status_of(bin::get_streams_request{}), code(bin::status::unauthorized));

  const auto perms = sample_permissions();
  ASSERT_EQ(root_->status_of(bin::update_permissions_request{num(id), perms}), 0u);
  auto got = user(*root_, num(id));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->permissions, perms);
  // The logged-in session sees the new rights at once.
  EXPECT_EQ(d->status_of(bin::get_streams_request{}), 0u);

  ASSERT_EQ(root_->status_of(bin::update_permissions_request{named("dave"), std::nullopt}), 0u);
  got = user(*root_, num(id));
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->permissions.has_value());
  EXPECT_EQ(d->status_of(bin::get_streams_request{}), code(bin::status::unauthorized));
}

TEST_F(users_test, inactive_user_cannot_log_in) {
  const uint32_t id = root_->create_user("erin", "erin-pw", std::nullopt, bin::user_status::inactive);
  ASSERT_NE(id, UINT32_MAX);
  auto e = connect();
  EXPECT_EQ(e->login("erin", "erin-pw"), code(bin::status::user_inactive));
  EXPECT_EQ(e->status_of(bin::get_me_request{}), code(bin::status::unauthenticated));
  ASSERT_EQ(root_->status_of(bin::update_user_request{num(id), std::nullopt, bin::user_status::active}), 0u);
  EXPECT_EQ(e->login("erin", "erin-pw"), 0u);
  EXPECT_EQ(e->status_of(bin::get_me_request{}), 0u);
}

TEST_F(users_test, root_cannot_be_deleted) {
  EXPECT_NE(root_->status_of(bin::delete_user_request{num(0)}), 0u);
  EXPECT_NE(root_->status_of(bin::delete_user_request{named("iggy")}), 0u);
  EXPECT_NE(root_->status_of(bin::update_permissions_request{num(0), std::nullopt}), 0u);
  auto root = user(*root_, num(0));
  ASSERT_TRUE(root);
  EXPECT_EQ(root->user.username, "iggy");
  EXPECT_EQ(connect()->login(), 0u);
  // Nor by another user with manage_users.
  bin::permissions admin;
  admin.global.manage_users = true;
  ASSERT_NE(root_->create_user("admin", "admin-pw", admin), UINT32_MAX);
  auto a = connect();
  ASSERT_EQ(a->login("admin", "admin-pw"), 0u);
  EXPECT_NE(a->status_of(bin::delete_user_request{num(0)}), 0u);
  EXPECT_EQ(connect()->login(), 0u);
}

TEST_F(users_test, root_protection_answers_iggy_statuses) {
  EXPECT_EQ(root_->status_of(bin::delete_user_request{num(0)}), 48u);
  EXPECT_EQ(root_->status_of(bin::update_permissions_request{num(0), std::nullopt}), 49u);
}

TEST_F(users_test, personal_access_token_lifecycle) {
  const std::string forever = create_token(*root_, "ci", UINT64_MAX);
  ASSERT_FALSE(forever.empty());
  const uint64_t before = now_us();
  const std::string hourly = create_token(*root_, "hourly", 3'600'000'000);
  ASSERT_FALSE(hourly.empty());
  EXPECT_NE(forever, hourly);

  auto listed = tokens(*root_);
  ASSERT_EQ(listed.size(), 2u);
  std::map<std::string, uint64_t> by_name;
  for (const auto& t : listed) by_name[t.name] = t.expiry_at;
  ASSERT_TRUE(by_name.count("ci") && by_name.count("hourly"));
  EXPECT_EQ(by_name["ci"], 0u);  // never expires
  EXPECT_GE(by_name["hourly"], before + 3'600'000'000);
  EXPECT_LE(by_name["hourly"], now_us() + 3'600'000'000);

  // Logging in with a token is logging in as its owner.
  auto c = connect();
  auto r = c->call(bin::login_with_personal_access_token_request{forever});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(bin::decode_identity_response(*r)->user_id, 0u);
  auto me = c->me();
  ASSERT_TRUE(me);
  EXPECT_EQ(me->user_id, 0u);
  EXPECT_EQ(c->status_of(bin::get_streams_request{}), 0u);

  EXPECT_EQ(root_->status_of(bin::create_personal_access_token_request{"ci", 0}),
            code(bin::status::pat_already_exists));
  uint32_t status = 0;
  EXPECT_FALSE(token_login("not-a-token", &status));
  EXPECT_EQ(status, code(bin::status::invalid_personal_access_token));

  ASSERT_EQ(root_->status_of(bin::delete_personal_access_token_request{"ci"}), 0u);
  listed = tokens(*root_);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].name, "hourly");
  EXPECT_FALSE(token_login(forever, &status));
  EXPECT_EQ(status, code(bin::status::invalid_personal_access_token));
  EXPECT_EQ(token_login(hourly), 0u);
  EXPECT_NE(root_->status_of(bin::delete_personal_access_token_request{"ci"}), 0u);
}

TEST_F(users_test, tokens_belong_to_their_owner) {
  const uint32_t fred = root_->create_user("fred", "fred-pw");  // no permissions at all
  ASSERT_NE(fred, UINT32_MAX);
  auto f = connect();
  ASSERT_EQ(f->login("fred", "fred-pw"), 0u);
  const std::string token = create_token(*f, "mine", 0);
  ASSERT_FALSE(token.empty());
  // Both may use the same token name: names are per user.
  EXPECT_FALSE(create_token(*root_, "mine", 0).empty());
  ASSERT_EQ(tokens(*f).size(), 1u);
  ASSERT_EQ(tokens(*root_).size(), 1u);
  EXPECT_EQ(token_login(token), fred);

  // The owner's status applies to token logins too.
  ASSERT_EQ(root_->status_of(bin::update_user_request{num(fred), std::nullopt, bin::user_status::inactive}), 0u);
  uint32_t status = 0;
  EXPECT_FALSE(token_login(token, &status));
  EXPECT_EQ(status, code(bin::status::user_inactive));
  // A deleted user's tokens die with them.
  ASSERT_EQ(root_->status_of(bin::delete_user_request{num(fred)}), 0u);
  EXPECT_FALSE(token_login(token, &status));
  EXPECT_EQ(status, code(bin::status::invalid_personal_access_token));
}

TEST_F(users_test, expired_token_is_refused) {
  const std::string token = create_token(*root_, "brief", 1);  // 1 µs
  ASSERT_FALSE(token.empty());
  std::this_thread::sleep_for(20ms);
  uint32_t status = 0;
  EXPECT_FALSE(token_login(token, &status));
  EXPECT_EQ(status, code(bin::status::pat_expired));
}

TEST(users_token_limit, tokens_per_user_are_limited) {
  server_process server(std::map<std::string, std::string>{{"WHIPPET_PERSONAL_ACCESS_TOKEN_MAX_TOKENS_PER_USER", "2"}});
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  api root(server.address());
  ASSERT_EQ(root.login(), 0u);
  EXPECT_EQ(root.status_of(bin::create_personal_access_token_request{"one", 0}), 0u);
  EXPECT_EQ(root.status_of(bin::create_personal_access_token_request{"two", 0}), 0u);
  EXPECT_EQ(root.status_of(bin::create_personal_access_token_request{"three", 0}),
            code(bin::status::pats_limit_reached));
  // The limit is per user.
  ASSERT_NE(root.create_user("gina", "gina-pw"), UINT32_MAX);
  api gina(server.address());
  ASSERT_EQ(gina.login("gina", "gina-pw"), 0u);
  EXPECT_EQ(gina.status_of(bin::create_personal_access_token_request{"one", 0}), 0u);
  // Deleting one frees a place.
  ASSERT_EQ(root.status_of(bin::delete_personal_access_token_request{"one"}), 0u);
  EXPECT_EQ(root.status_of(bin::create_personal_access_token_request{"three", 0}), 0u);
  EXPECT_EQ(root.status_of(bin::create_personal_access_token_request{"four", 0}),
            code(bin::status::pats_limit_reached));
}
