// Stream commands over the Iggy binary protocol: get_stream, get_streams,
// create_stream, update_stream, delete_stream, purge_stream. Each decodes,
// calls its operation in commands/streams.h and encodes the answer.

#include "protocol/binary/requests/create_stream.h"
#include "protocol/binary/requests/delete_stream.h"
#include "protocol/binary/requests/get_stream.h"
#include "protocol/binary/requests/get_streams.h"
#include "protocol/binary/requests/purge_stream.h"
#include "protocol/binary/requests/update_stream.h"
#include "server/commands/streams.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"
#include "server/handlers/views.h"

namespace whippet::server::handlers {

boost::asio::awaitable<reply> handle_get_stream(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_stream_request(payload));
  auto r = co_await commands::get_stream(ctx, to_ref(req.stream));
  if (!r && is_not_found(r.error())) co_return reply::ok();  // unknown stream: an empty answer, as Iggy
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(stream_details_view(*r)));
}

boost::asio::awaitable<reply> handle_get_streams(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_streams_request(payload));
  auto r = co_await commands::get_streams(ctx);
  if (!r) co_return reply::error(to_status(r.error()));
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  for (const auto& s : *r) bin::encode(w, stream_view(s));
  co_return reply::ok(std::move(out));
}

boost::asio::awaitable<reply> handle_create_stream(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_create_stream_request(payload));
  auto r = co_await commands::create_stream(ctx, req.name);
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(stream_view(*r)));
}

boost::asio::awaitable<reply> handle_update_stream(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_update_stream_request(payload));
  co_return answer(co_await commands::update_stream(ctx, to_ref(req.stream), req.name));
}

boost::asio::awaitable<reply> handle_delete_stream(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_delete_stream_request(payload));
  co_return answer(co_await commands::delete_stream(ctx, to_ref(req.stream)));
}

boost::asio::awaitable<reply> handle_purge_stream(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_purge_stream_request(payload));
  co_return answer(co_await commands::purge_stream(ctx, to_ref(req.stream)));
}

}  // namespace whippet::server::handlers
