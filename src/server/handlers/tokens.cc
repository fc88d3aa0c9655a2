// Personal access tokens over the Iggy binary protocol:
// get_personal_access_tokens, create_personal_access_token,
// delete_personal_access_token, login_with_personal_access_token
// (commands/users.h). A user manages only their own tokens.

#include "protocol/binary/requests/create_personal_access_token.h"
#include "protocol/binary/requests/delete_personal_access_token.h"
#include "protocol/binary/requests/get_personal_access_tokens.h"
#include "protocol/binary/requests/login_with_personal_access_token.h"
#include "protocol/binary/responses/personal_access_token.h"
#include "server/commands/users.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"

namespace whippet::server::handlers {

boost::asio::awaitable<reply> handle_get_personal_access_tokens(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_personal_access_tokens_request(payload));
  auto r = co_await commands::get_personal_access_tokens(ctx);
  if (!r) co_return reply::error(to_status(r.error()));
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  for (const auto& t : *r) bin::encode(w, bin::personal_access_token_info{t.name, t.expiry_at.value_or(0)});
  co_return reply::ok(std::move(out));
}

boost::asio::awaitable<reply> handle_create_personal_access_token(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_create_personal_access_token_request(payload));
  auto r = co_await commands::create_personal_access_token(ctx, req.name, req.expiry);
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(bin::raw_personal_access_token{*r}));
}

boost::asio::awaitable<reply> handle_delete_personal_access_token(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_delete_personal_access_token_request(payload));
  co_return answer(co_await commands::delete_personal_access_token(ctx, req.name));
}

boost::asio::awaitable<reply> handle_login_with_personal_access_token(command_context& ctx,
                                                                      std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_login_with_personal_access_token_request(payload));
  co_return identity(co_await commands::login_with_personal_access_token(ctx, req.token));
}

}  // namespace whippet::server::handlers
