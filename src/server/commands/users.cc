#include "server/commands/users.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "server/auth/password.h"
#include "server/auth/token.h"

namespace whippet::server::commands {
namespace {

using plan_result = result<std::vector<metadata::operation>, metadata::errc>;

user_info info_of(const metadata::user& u) { return {u.id, u.created_at, u.status == 1, u.username, u.perms}; }

bool username_taken(const metadata::catalog& c, const std::string& name, std::optional<uint32_t> except = {}) {
  for (const auto& [id, u] : c.users)
    if (u.username == name && id != except) return true;
  return false;
}

result<const metadata::user*, errc> find_user(const command_context& ctx, const ref& user) {
  const metadata::user* u = ctx.cat().find_user(user);
  if (u == nullptr) return fail(errc::user_not_found);
  return u;
}

boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  if (d.count() <= 0) co_return;
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, d);
  co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
}

// Before an attempt: the spacing that earlier failures from this client IP or
// for this username impose (login_throttle), across every connection.
boost::asio::awaitable<void> wait_for_login_turn(command_context& ctx, const std::string& username) {
  co_await sleep_for(ctx.b.login_throttle().reserve(ctx.s.peer_ip, username));
}

// After a failure: counted for the IP and the username, and answered after a
// delay that doubles with each failure on the session (100 ms up to 5 s).
boost::asio::awaitable<void> slow_down_failed_login(command_context& ctx, const std::string& username) {
  ctx.b.login_throttle().failed(ctx.s.peer_ip, username);
  ++ctx.s.failed_logins;
  co_await sleep_for(auth::login_throttle::spacing(ctx.s.failed_logins));
}

void log_in(command_context& ctx, const metadata::user& u) {
  ctx.s.failed_logins = 0;
  ctx.s.user_id = u.id;
  ctx.s.user_incarnation = u.incarnation;
  ctx.b.sessions().set_user(ctx.s.client_id, u.id);
}

// A user other than root, found, by someone with manage_users.
result<const metadata::user*, errc> managed_user(command_context& ctx, const ref& user) {
  if (auto denied = check(ctx, auth::global_right::manage_users)) return fail(*denied);
  return find_user(ctx, user);
}

// Callers pass a named operation: GCC 12 may destroy a temporary built in a
// co_await's operands twice.
op<void> commit_for(command_context& ctx, metadata::operation op) {
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog&) -> plan_result {
    return std::vector<metadata::operation>{op};
  });
  if (!r) co_return fail(from(r.error()));
  co_return result<void, errc>{};
}

}  // namespace

op<uint32_t> login_user(command_context& ctx, std::string username, std::string password) {
  co_await wait_for_login_turn(ctx, username);
  const metadata::user* u = ctx.cat().find_user(username);
  // An unknown user is verified against a dummy hash: it costs what a wrong
  // password costs, so usernames cannot be found by timing.
  const std::string hash = u ? u->password_hash : std::string();
  bool ok = false;
  {
    boost::asio::steady_timer turn(co_await boost::asio::this_coro::executor);
    request_units slot = co_await ctx.b.login_slot(turn);
    co_await ctx.b.to_auth_worker();
    ok = auth::verify_password(password, u ? hash : auth::dummy_password_hash()) && u != nullptr;
    co_await ctx.b.hop(ctx.home);
  }
  if (!ok) {
    co_await slow_down_failed_login(ctx, username);
    co_return fail(errc::invalid_credentials);
  }
  ctx.b.login_throttle().succeeded(username);
  if (u->status != 1) co_return fail(errc::user_inactive);
  log_in(ctx, *u);
  co_return u->id;
}

op<void> logout_user(command_context& ctx) {
  if (auto denied = require_login(ctx)) co_return fail(*denied);
  ctx.s.user_id.reset();
  ctx.b.sessions().set_user(ctx.s.client_id, std::nullopt);
  co_return result<void, errc>{};
}

op<user_info> get_user(command_context& ctx, ref user) {
  if (auto denied = require_login(ctx)) co_return fail(*denied);
  const metadata::user* u = ctx.cat().find_user(user);
  const bool self = u && u->id == ctx.user();
  if (!self && !auth::allowed(ctx.cat(), ctx.user(), auth::global_right::read_users)) co_return fail(errc::unauthorized);
  if (u == nullptr) co_return fail(errc::user_not_found);
  co_return info_of(*u);
}

op<std::vector<user_info>> get_users(command_context& ctx) {
  if (auto denied = check(ctx, auth::global_right::read_users)) co_return fail(*denied);
  std::vector<user_info> out;
  for (const auto& [id, u] : ctx.cat().users) out.push_back(info_of(u));
  co_return out;
}

op<user_info> create_user(command_context& ctx, std::string username, std::string password, bool active,
                          std::optional<metadata::permissions> permissions) {
  if (auto denied = check(ctx, auth::global_right::manage_users)) co_return fail(*denied);
  if (!metadata::valid_username(username)) co_return fail(errc::invalid_username);
  if (!metadata::valid_password(password)) co_return fail(errc::invalid_password);
  if (username_taken(ctx.cat(), username)) co_return fail(errc::user_exists);
  co_await ctx.b.to_auth_worker();
  auto hash = auth::hash_password(password);
  co_await ctx.b.hop(ctx.home);
  if (!hash) co_return fail(errc::internal);
  metadata::create_user_op op{0, username, *hash, static_cast<uint8_t>(active ? 1 : 2), now_us(), permissions};
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog& c) -> plan_result {
    if (username_taken(c, username)) return fail(metadata::errc::user_exists);
    op.id = c.next_user_id();
    op.incarnation = c.next_incarnation;
    return std::vector<metadata::operation>{op};
  });
  if (!r) co_return fail(from(r.error()));
  co_return user_info{op.id, op.created_at, active, op.username, op.perms};
}

op<void> update_user(command_context& ctx, ref user, std::optional<std::string> username, std::optional<bool> active) {
  auto u = managed_user(ctx, user);
  if (!u) co_return fail(u.error());
  if (username && !metadata::valid_username(*username)) co_return fail(errc::invalid_username);
  if ((*u)->id == metadata::root_user_id && active && !*active) co_return fail(errc::unauthorized);  // root stays active
  const uint32_t id = (*u)->id;
  std::optional<uint8_t> status;
  if (active) status = *active ? 1 : 2;
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog& c) -> plan_result {
    if (!c.users.count(id)) return fail(metadata::errc::user_not_found);
    if (username && username_taken(c, *username, id)) return fail(metadata::errc::user_exists);
    return std::vector<metadata::operation>{metadata::update_user_op{id, username, status}};
  });
  if (!r) co_return fail(from(r.error()));
  co_return result<void, errc>{};
}

op<void> delete_user(command_context& ctx, ref user) {
  auto u = managed_user(ctx, user);
  if (!u) co_return fail(u.error());
  if ((*u)->id == metadata::root_user_id) co_return fail(errc::cannot_delete_root);
  metadata::operation op = metadata::delete_user_op{(*u)->id};
  co_return co_await commit_for(ctx, std::move(op));
}

op<void> update_permissions(command_context& ctx, ref user, std::optional<metadata::permissions> permissions) {
  auto u = managed_user(ctx, user);
  if (!u) co_return fail(u.error());
  if ((*u)->id == metadata::root_user_id) co_return fail(errc::cannot_change_root_permissions);
  metadata::operation op = metadata::update_permissions_op{(*u)->id, std::move(permissions)};
  co_return co_await commit_for(ctx, std::move(op));
}

op<void> change_password(command_context& ctx, ref user, std::string current_password, std::string new_password) {
  if (auto denied = require_login(ctx)) co_return fail(*denied);
  const metadata::user* u = ctx.cat().find_user(user);
  const bool self = u && u->id == ctx.user();
  if (!self && !auth::allowed(ctx.cat(), ctx.user(), auth::global_right::manage_users))
    co_return fail(errc::unauthorized);
  if (u == nullptr) co_return fail(errc::user_not_found);
  if (!metadata::valid_password(new_password)) co_return fail(errc::invalid_password);
  const uint32_t id = u->id;
  const std::string username = u->username;
  const std::string current_hash = u->password_hash;
  co_await wait_for_login_turn(ctx, username);
  co_await ctx.b.to_auth_worker();
  const bool current_ok = auth::verify_password(current_password, current_hash);
  auto hash = current_ok ? auth::hash_password(new_password) : std::nullopt;
  co_await ctx.b.hop(ctx.home);
  if (!current_ok) {
    co_await slow_down_failed_login(ctx, username);
    co_return fail(errc::invalid_credentials);
  }
  if (!hash) co_return fail(errc::internal);
  metadata::operation op = metadata::change_password_op{id, *hash};
  co_return co_await commit_for(ctx, std::move(op));
}

op<std::vector<token_info>> get_personal_access_tokens(command_context& ctx) {
  if (auto denied = require_login(ctx)) co_return fail(*denied);
  std::vector<token_info> out;
  for (const auto& [name, t] : ctx.cat().users.at(ctx.user()).tokens) out.push_back({t.name, t.expiry_at});
  co_return out;
}

op<std::string> create_personal_access_token(command_context& ctx, std::string name, uint64_t expiry) {
  if (auto denied = require_login(ctx)) co_return fail(*denied);
  if (!metadata::valid_name(name)) co_return fail(errc::invalid_token_name);
  if (!valid_expiry(expiry)) co_return fail(errc::invalid_expiry);
  const uint32_t user = ctx.user();
  const uint32_t limit = ctx.b.config().max_tokens_per_user;
  std::optional<uint64_t> expiry_at;  // 0 (server default) and u64::MAX both mean: never
  if (expiry != 0 && expiry != UINT64_MAX) expiry_at = now_us() + expiry;  // cannot wrap: <= 100 years
  std::string token = auth::generate_token();
  const std::string hash = auth::token_hash(token);
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog& c) -> plan_result {
    auto it = c.users.find(user);
    if (it == c.users.end()) return fail(metadata::errc::user_not_found);
    if (it->second.tokens.count(name)) return fail(metadata::errc::pat_exists);
    if (it->second.tokens.size() >= limit) return fail(metadata::errc::pats_limit_reached);
    return std::vector<metadata::operation>{metadata::create_pat_op{user, name, hash, expiry_at}};
  });
  if (!r) co_return fail(from(r.error()));
  co_return token;
}

op<void> delete_personal_access_token(command_context& ctx, std::string name) {
  if (auto denied = require_login(ctx)) co_return fail(*denied);
  const uint32_t user = ctx.user();
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog& c) -> plan_result {
    auto it = c.users.find(user);
    if (it == c.users.end() || !it->second.tokens.count(name)) return fail(metadata::errc::pat_not_found);
    return std::vector<metadata::operation>{metadata::delete_pat_op{user, name}};
  });
  if (!r) co_return fail(from(r.error()));
  co_return result<void, errc>{};
}

op<uint32_t> login_with_personal_access_token(command_context& ctx, std::string token) {
  co_await wait_for_login_turn(ctx, "");  // a token names no user: the IP's record spaces guesses
  const std::string hash = auth::token_hash(token);
  // One lookup by hash, then a constant-time compare of the whole hash. The
  // lookup's timing depends only on SHA-256 of what the client sent, which
  // tells nothing about any stored token.
  auto [owner, found] = ctx.cat().find_token(hash);
  if (found != nullptr && !auth::same_hash(found->token_hash, hash)) found = nullptr;
  if (found == nullptr) {
    co_await slow_down_failed_login(ctx, "");
    co_return fail(errc::token_not_found);
  }
  if (found->expiry_at && *found->expiry_at <= now_us()) co_return fail(errc::token_expired);
  if (owner->status != 1) co_return fail(errc::user_inactive);
  log_in(ctx, *owner);
  co_return owner->id;
}

}  // namespace whippet::server::commands
