// User commands over the Iggy binary protocol: login_user, logout_user,
// get_user, get_users, create_user, update_user, delete_user,
// update_permissions, change_password (commands/users.h).

#include "protocol/binary/requests/change_password.h"
#include "protocol/binary/requests/create_user.h"
#include "protocol/binary/requests/delete_user.h"
#include "protocol/binary/requests/get_user.h"
#include "protocol/binary/requests/get_users.h"
#include "protocol/binary/requests/login_user.h"
#include "protocol/binary/requests/logout_user.h"
#include "protocol/binary/requests/update_permissions.h"
#include "protocol/binary/requests/update_user.h"
#include "protocol/binary/responses/user.h"
#include "server/commands/users.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"

namespace whippet::server::handlers {
namespace {

bin::user_response summary(const commands::user_info& u) {
  return {u.id, u.created_at, u.active ? bin::user_status::active : bin::user_status::inactive, u.username};
}

}  // namespace

boost::asio::awaitable<reply> handle_login_user(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_login_user_request(payload));
  co_return identity(co_await commands::login_user(ctx, req.username, req.password));
}

boost::asio::awaitable<reply> handle_logout_user(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_logout_user_request(payload));
  co_return answer(co_await commands::logout_user(ctx));
}

boost::asio::awaitable<reply> handle_get_user(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_user_request(payload));
  auto r = co_await commands::get_user(ctx, to_ref(req.user));
  if (!r && r.error() == commands::errc::user_not_found) co_return reply::ok();  // unknown: an empty answer
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(bin::user_details{summary(*r), r->permissions}));
}

boost::asio::awaitable<reply> handle_get_users(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_users_request(payload));
  auto r = co_await commands::get_users(ctx);
  if (!r) co_return reply::error(to_status(r.error()));
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  for (const auto& u : *r) bin::encode(w, summary(u));
  co_return reply::ok(std::move(out));
}

boost::asio::awaitable<reply> handle_create_user(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_create_user_request(payload));
  auto r = co_await commands::create_user(ctx, req.username, req.password, req.status == bin::user_status::active,
                                          req.permissions);
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(bin::user_details{summary(*r), r->permissions}));
}

boost::asio::awaitable<reply> handle_update_user(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_update_user_request(payload));
  std::optional<bool> active;
  if (req.status) active = *req.status == bin::user_status::active;
  co_return answer(co_await commands::update_user(ctx, to_ref(req.user), req.username, active));
}

boost::asio::awaitable<reply> handle_delete_user(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_delete_user_request(payload));
  co_return answer(co_await commands::delete_user(ctx, to_ref(req.user)));
}

boost::asio::awaitable<reply> handle_update_permissions(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_update_permissions_request(payload));
  co_return answer(co_await commands::update_permissions(ctx, to_ref(req.user), req.permissions));
}

boost::asio::awaitable<reply> handle_change_password(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_change_password_request(payload));
  co_return answer(
      co_await commands::change_password(ctx, to_ref(req.user), req.current_password, req.new_password));
}

}  // namespace whippet::server::handlers
