// User commands: login_user, logout_user, get_user, get_users, create_user,
// update_user, delete_user, update_permissions, change_password.
// Argon2 runs on the worker pool, never on a shard.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "protocol/binary/requests/change_password.h"
#include "protocol/binary/requests/create_user.h"
#include "protocol/binary/requests/delete_user.h"
#include "protocol/binary/requests/get_user.h"
#include "protocol/binary/requests/get_users.h"
#include "protocol/binary/requests/login_user.h"
#include "protocol/binary/requests/logout_user.h"
#include "protocol/binary/requests/update_permissions.h"
#include "protocol/binary/requests/update_user.h"
#include "protocol/binary/responses/identity.h"
#include "protocol/binary/responses/user.h"
#include "server/auth/password.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"

namespace whippet::server::handlers {
namespace {

bin::user_details details_of(const metadata::user& u) {
  return {{u.id, u.created_at, static_cast<bin::user_status>(u.status), u.username}, u.perms};
}

bool username_taken(const metadata::catalog& c, const std::string& name, std::optional<uint32_t> except = {}) {
  for (const auto& [id, u] : c.users)
    if (u.username == name && id != except) return true;
  return false;
}

}  // namespace

namespace {
boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  if (d.count() <= 0) co_return;
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, d);
  co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
}
}  // namespace

// Before an attempt: the spacing that earlier failures from this client IP or
// for this username impose (login_throttle), across every connection.
boost::asio::awaitable<void> wait_for_login_turn(command_context& ctx, const std::string& username) {
  co_await sleep_for(ctx.b.login_throttle().reserve(ctx.s.peer_ip, username));
}

// After a failure: counted for the IP and the username, and answered after a
// delay that doubles with each failure on the connection (100 ms up to 5 s).
boost::asio::awaitable<void> slow_down_failed_login(command_context& ctx, const std::string& username) {
  ctx.b.login_throttle().failed(ctx.s.peer_ip, username);
  ++ctx.s.failed_logins;
  co_await sleep_for(auth::login_throttle::spacing(ctx.s.failed_logins));
}

boost::asio::awaitable<reply> handle_login_user(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_login_user_request(payload));
  co_await wait_for_login_turn(ctx, req.username);
  const metadata::user* u = ctx.cat().find_user(req.username);
  // An unknown user is verified against a dummy hash: it costs what a wrong
  // password costs, so usernames cannot be found by timing.
  std::string hash = u ? u->password_hash : std::string();
  const bool active = u && u->status == 1;
  bool ok = false;
  {
    boost::asio::steady_timer turn(co_await boost::asio::this_coro::executor);
    request_units slot = co_await ctx.b.login_slot(turn);
    co_await ctx.b.to_auth_worker();
    ok = auth::verify_password(req.password, u ? hash : auth::dummy_password_hash()) && u != nullptr;
    co_await ctx.b.hop(ctx.home);
  }
  if (!ok) {
    co_await slow_down_failed_login(ctx, req.username);
    co_return reply::error(status::invalid_credentials);
  }
  ctx.b.login_throttle().succeeded(req.username);
  if (!active) co_return reply::error(status::user_inactive);
  ctx.s.failed_logins = 0;
  ctx.s.user_id = u->id;
  ctx.s.user_incarnation = u->incarnation;
  ctx.b.update_client_user(ctx.s.client_id, u->id);
  co_return reply::ok(encoded(bin::identity_response{u->id}));
}

boost::asio::awaitable<reply> handle_logout_user(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_logout_user_request(payload));
  ctx.s.user_id.reset();
  ctx.b.update_client_user(ctx.s.client_id, std::nullopt);
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_get_user(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_user_request(payload));
  const metadata::user* u = ctx.cat().find_user(to_ref(req.user));
  const bool self = u && u->id == ctx.user();
  if (!self && !auth::allowed(ctx.cat(), ctx.user(), auth::global_right::read_users))
    co_return reply::error(status::unauthorized);
  if (u == nullptr) co_return reply::ok();
  co_return reply::ok(encoded(details_of(*u)));
}

boost::asio::awaitable<reply> handle_get_users(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_users_request(payload));
  if (!auth::allowed(ctx.cat(), ctx.user(), auth::global_right::read_users))
    co_return reply::error(status::unauthorized);
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  for (const auto& [id, u] : ctx.cat().users)
    bin::encode(w, bin::user_response{u.id, u.created_at, static_cast<bin::user_status>(u.status), u.username});
  co_return reply::ok(std::move(out));
}

boost::asio::awaitable<reply> handle_create_user(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_create_user_request(payload));
  if (!auth::allowed(ctx.cat(), ctx.user(), auth::global_right::manage_users))
    co_return reply::error(status::unauthorized);
  if (!metadata::valid_username(req.username)) co_return reply::error(status::invalid_username);
  if (!metadata::valid_password(req.password)) co_return reply::error(status::invalid_password);
  if (username_taken(ctx.cat(), req.username)) co_return reply::error(status::user_already_exists);
  co_await ctx.b.to_auth_worker();
  auto hash = auth::hash_password(req.password);
  co_await ctx.b.hop(ctx.home);
  if (!hash) co_return reply::error(status::error);
  metadata::create_user_op op{0, req.username, *hash, static_cast<uint8_t>(req.status), now_us(), req.permissions};
  auto r = co_await ctx.b.commit([&](const metadata::catalog& c)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    if (username_taken(c, req.username)) return fail(metadata::errc::user_exists);
    op.id = c.next_user_id();
    op.incarnation = c.next_incarnation;
    return std::vector<metadata::operation>{op};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  metadata::user created{op.id, op.username, op.password_hash, op.status, op.created_at, op.perms, {}, op.incarnation};
  co_return reply::ok(encoded(details_of(created)));
}

boost::asio::awaitable<reply> handle_update_user(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_update_user_request(payload));
  if (!auth::allowed(ctx.cat(), ctx.user(), auth::global_right::manage_users))
    co_return reply::error(status::unauthorized);
  const metadata::user* u = ctx.cat().find_user(to_ref(req.user));
  if (u == nullptr) co_return reply::error(status::resource_not_found);
  if (req.username && !metadata::valid_username(*req.username)) co_return reply::error(status::invalid_username);
  if (u->id == metadata::root_user_id && req.status && *req.status != bin::user_status::active)
    co_return reply::error(status::unauthorized);  // the root user cannot be deactivated
  const uint32_t id = u->id;
  std::optional<uint8_t> new_status;
  if (req.status) new_status = static_cast<uint8_t>(*req.status);
  auto r = co_await ctx.b.commit([&](const metadata::catalog& c)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    if (!c.users.count(id)) return fail(metadata::errc::user_not_found);
    if (req.username && username_taken(c, *req.username, id)) return fail(metadata::errc::user_exists);
    return std::vector<metadata::operation>{metadata::update_user_op{id, req.username, new_status}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_delete_user(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_delete_user_request(payload));
  if (!auth::allowed(ctx.cat(), ctx.user(), auth::global_right::manage_users))
    co_return reply::error(status::unauthorized);
  const metadata::user* u = ctx.cat().find_user(to_ref(req.user));
  if (u == nullptr) co_return reply::error(status::resource_not_found);
  if (u->id == metadata::root_user_id) co_return reply::error(status::cannot_delete_user);
  const uint32_t id = u->id;
  auto r = co_await ctx.b.commit([&](const metadata::catalog&)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    return std::vector<metadata::operation>{metadata::delete_user_op{id}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_update_permissions(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_update_permissions_request(payload));
  if (!auth::allowed(ctx.cat(), ctx.user(), auth::global_right::manage_users))
    co_return reply::error(status::unauthorized);
  const metadata::user* u = ctx.cat().find_user(to_ref(req.user));
  if (u == nullptr) co_return reply::error(status::resource_not_found);
  if (u->id == metadata::root_user_id) co_return reply::error(status::cannot_change_permissions);
  const uint32_t id = u->id;
  auto r = co_await ctx.b.commit([&](const metadata::catalog&)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    return std::vector<metadata::operation>{metadata::update_permissions_op{id, req.permissions}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_change_password(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_change_password_request(payload));
  const metadata::user* u = ctx.cat().find_user(to_ref(req.user));
  const bool self = u && u->id == ctx.user();
  if (!self && !auth::allowed(ctx.cat(), ctx.user(), auth::global_right::manage_users))
    co_return reply::error(status::unauthorized);
  if (u == nullptr) co_return reply::error(status::resource_not_found);
  if (!metadata::valid_password(req.new_password)) co_return reply::error(status::invalid_password);
  const uint32_t id = u->id;
  const std::string username = u->username;
  const std::string current_hash = u->password_hash;
  co_await wait_for_login_turn(ctx, username);
  co_await ctx.b.to_auth_worker();
  const bool current_ok = auth::verify_password(req.current_password, current_hash);
  auto hash = current_ok ? auth::hash_password(req.new_password) : std::nullopt;
  co_await ctx.b.hop(ctx.home);
  if (!current_ok) {
    co_await slow_down_failed_login(ctx, username);
    co_return reply::error(status::invalid_credentials);
  }
  if (!hash) co_return reply::error(status::error);
  auto r = co_await ctx.b.commit([&](const metadata::catalog&)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    return std::vector<metadata::operation>{metadata::change_password_op{id, *hash}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok();
}

}  // namespace whippet::server::handlers
