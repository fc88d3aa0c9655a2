// Stream commands: get_stream, get_streams, create_stream, update_stream,
// delete_stream, purge_stream.

#include "protocol/binary/requests/create_stream.h"
#include "protocol/binary/requests/delete_stream.h"
#include "protocol/binary/requests/get_stream.h"
#include "protocol/binary/requests/get_streams.h"
#include "protocol/binary/requests/purge_stream.h"
#include "protocol/binary/requests/update_stream.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"
#include "server/layout.h"
#include "server/handlers/views.h"

namespace whippet::server::handlers {
namespace {

bool name_taken(const metadata::catalog& c, const std::string& name, std::optional<uint32_t> except = {}) {
  for (const auto& [id, s] : c.streams)
    if (s.name == name && id != except) return true;
  return false;
}

}  // namespace

boost::asio::awaitable<reply> handle_get_stream(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_stream_request(payload));
  const metadata::stream* s = ctx.cat().find_stream(to_ref(req.stream));
  if (s == nullptr) co_return reply::ok();  // unknown stream: an empty answer, as Iggy
  if (!auth::allowed(ctx.cat(), ctx.user(), s->id, auth::stream_right::read))
    co_return reply::error(status::unauthorized);
  const auto stats = co_await ctx.b.collect_stats();
  bin::stream_details d;
  d.stream = stream_view(*s, stats);
  for (const auto& [tid, t] : s->topics) d.topics.push_back(topic_view(*s, t, stats));
  co_return reply::ok(encoded(d));
}

boost::asio::awaitable<reply> handle_get_streams(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_streams_request(payload));
  if (!auth::allowed(ctx.cat(), ctx.user(), auth::global_right::read_streams))
    co_return reply::error(status::unauthorized);
  const auto stats = co_await ctx.b.collect_stats();
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  for (const auto& [id, s] : ctx.cat().streams) bin::encode(w, stream_view(s, stats));
  co_return reply::ok(std::move(out));
}

boost::asio::awaitable<reply> handle_create_stream(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_create_stream_request(payload));
  if (!auth::allowed(ctx.cat(), ctx.user(), auth::global_right::manage_streams))
    co_return reply::error(status::unauthorized);
  if (!metadata::valid_name(req.name)) co_return reply::error(status::invalid_stream_name);
  uint32_t id = 0;
  const uint64_t created = now_us();
  auto r = co_await ctx.b.commit([&](const metadata::catalog& c)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    if (name_taken(c, req.name)) return fail(metadata::errc::stream_name_exists);
    id = c.next_stream_id();
    return std::vector<metadata::operation>{metadata::create_stream_op{id, req.name, created, c.next_incarnation}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(bin::stream_response{id, created, 0, 0, 0, req.name}));
}

boost::asio::awaitable<reply> handle_update_stream(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_update_stream_request(payload));
  const metadata::stream* s = ctx.cat().find_stream(to_ref(req.stream));
  if (s == nullptr) co_return reply::error(stream_not_found(req.stream));
  if (!auth::allowed(ctx.cat(), ctx.user(), s->id, auth::stream_right::manage))
    co_return reply::error(status::unauthorized);
  if (!metadata::valid_name(req.name)) co_return reply::error(status::invalid_stream_name);
  const uint32_t id = s->id;
  auto r = co_await ctx.b.commit([&](const metadata::catalog& c)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    if (!c.streams.count(id)) return fail(metadata::errc::stream_not_found);
    if (name_taken(c, req.name, id)) return fail(metadata::errc::stream_name_exists);
    return std::vector<metadata::operation>{metadata::update_stream_op{id, req.name}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_delete_stream(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_delete_stream_request(payload));
  const metadata::stream* s = ctx.cat().find_stream(to_ref(req.stream));
  if (s == nullptr) co_return reply::error(stream_not_found(req.stream));
  if (!auth::allowed(ctx.cat(), ctx.user(), s->id, auth::stream_right::manage))
    co_return reply::error(status::unauthorized);
  const uint32_t id = s->id;
  std::vector<std::filesystem::path> dirs;
  auto r = co_await ctx.b.commit([&](const metadata::catalog& c)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    auto it = c.streams.find(id);
    if (it == c.streams.end()) return fail(metadata::errc::stream_not_found);
    dirs = {layout::stream_dir(ctx.b.config().system_path, it->second)};
    return std::vector<metadata::operation>{metadata::delete_stream_op{id}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  co_await ctx.b.drop_partitions(std::move(dirs));
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_purge_stream(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_purge_stream_request(payload));
  const metadata::stream* s = ctx.cat().find_stream(to_ref(req.stream));
  if (s == nullptr) co_return reply::error(stream_not_found(req.stream));
  if (!auth::allowed(ctx.cat(), ctx.user(), s->id, auth::stream_right::manage))
    co_return reply::error(status::unauthorized);
  const uint32_t id = s->id;
  const bool purged = co_await purge_partitions(ctx.b, [id](const partition_key& k) { return k.stream == id; });
  if (!purged) co_return reply::error(status::error);
  co_return reply::ok();
}

}  // namespace whippet::server::handlers
