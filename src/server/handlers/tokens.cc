// Personal access tokens: get_personal_access_tokens,
// create_personal_access_token, delete_personal_access_token,
// login_with_personal_access_token. A user manages only their own tokens.

#include "protocol/binary/requests/create_personal_access_token.h"
#include "protocol/binary/requests/delete_personal_access_token.h"
#include "protocol/binary/requests/get_personal_access_tokens.h"
#include "protocol/binary/requests/login_with_personal_access_token.h"
#include "protocol/binary/responses/identity.h"
#include "protocol/binary/responses/personal_access_token.h"
#include "server/auth/token.h"
#include "server/handlers/handlers.h"
#include "server/commands/command.h"
#include "server/handlers/support.h"

namespace whippet::server::handlers {

boost::asio::awaitable<void> wait_for_login_turn(command_context& ctx, const std::string& username);
boost::asio::awaitable<void> slow_down_failed_login(command_context& ctx, const std::string& username);

boost::asio::awaitable<reply> handle_get_personal_access_tokens(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_personal_access_tokens_request(payload));
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  for (const auto& [name, t] : ctx.cat().users.at(ctx.user()).tokens)
    bin::encode(w, bin::personal_access_token_info{t.name, t.expiry_at.value_or(0)});
  co_return reply::ok(std::move(out));
}

boost::asio::awaitable<reply> handle_create_personal_access_token(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_create_personal_access_token_request(payload));
  if (!metadata::valid_name(req.name)) co_return reply::error(status::invalid_format);
  const uint32_t user = ctx.user();
  const uint32_t limit = ctx.b.config().max_tokens_per_user;
  if (!commands::valid_expiry(req.expiry)) co_return reply::error(status::invalid_format);
  std::optional<uint64_t> expiry_at;  // 0 (server default) and u64::MAX both mean: never
  if (req.expiry != 0 && req.expiry != UINT64_MAX) expiry_at = now_us() + req.expiry;  // cannot wrap: <= 100 years
  const std::string token = auth::generate_token();
  const std::string hash = auth::token_hash(token);
  auto r = co_await ctx.b.commit([&](const metadata::catalog& c)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    auto it = c.users.find(user);
    if (it == c.users.end()) return fail(metadata::errc::user_not_found);
    if (it->second.tokens.count(req.name)) return fail(metadata::errc::pat_exists);
    if (it->second.tokens.size() >= limit) return fail(metadata::errc::pats_limit_reached);
    return std::vector<metadata::operation>{metadata::create_pat_op{user, req.name, hash, expiry_at}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(bin::raw_personal_access_token{token}));
}

boost::asio::awaitable<reply> handle_delete_personal_access_token(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_delete_personal_access_token_request(payload));
  const uint32_t user = ctx.user();
  auto r = co_await ctx.b.commit([&](const metadata::catalog& c)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    auto it = c.users.find(user);
    if (it == c.users.end() || !it->second.tokens.count(req.name)) return fail(metadata::errc::pat_not_found);
    return std::vector<metadata::operation>{metadata::delete_pat_op{user, req.name}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_login_with_personal_access_token(command_context& ctx,
                                                                      std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_login_with_personal_access_token_request(payload));
  co_await wait_for_login_turn(ctx, "");  // a token names no user: the IP's record spaces guesses
  const std::string hash = auth::token_hash(req.token);
  // One lookup by hash, then a constant-time compare of the whole hash. The
  // lookup's timing depends only on SHA-256 of what the client sent, which
  // tells nothing about any stored token.
  auto [owner, token] = ctx.cat().find_token(hash);
  if (token != nullptr && !auth::same_hash(token->token_hash, hash)) token = nullptr;
  if (token == nullptr) {
    co_await slow_down_failed_login(ctx, "");
    co_return reply::error(status::invalid_personal_access_token);
  }
  if (token->expiry_at && *token->expiry_at <= now_us()) co_return reply::error(status::pat_expired);
  if (owner->status != 1) co_return reply::error(status::user_inactive);
  ctx.s.failed_logins = 0;
  ctx.s.user_id = owner->id;
  ctx.s.user_incarnation = owner->incarnation;
  ctx.b.update_client_user(ctx.s.client_id, owner->id);
  co_return reply::ok(encoded(bin::identity_response{owner->id}));
}

}  // namespace whippet::server::handlers
