// Topic commands: get_topic, get_topics, create_topic, update_topic,
// delete_topic, purge_topic; and create_partitions, delete_partitions,
// delete_segments.

#include "protocol/binary/requests/create_partitions.h"
#include "protocol/binary/requests/create_topic.h"
#include "protocol/binary/requests/delete_partitions.h"
#include "protocol/binary/requests/delete_segments.h"
#include "protocol/binary/requests/delete_topic.h"
#include "protocol/binary/requests/get_topic.h"
#include "protocol/binary/requests/get_topics.h"
#include "protocol/binary/requests/purge_topic.h"
#include "protocol/binary/requests/update_topic.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"
#include "server/layout.h"
#include "server/handlers/views.h"

namespace whippet::server::handlers {
namespace {

constexpr uint32_t k_no_topic = UINT32_MAX;  // for rights on a stream's topics in general

bool topic_name_taken(const metadata::stream& s, const std::string& name, std::optional<uint32_t> except = {}) {
  for (const auto& [id, t] : s.topics)
    if (t.name == name && id != except) return true;
  return false;
}


}  // namespace

boost::asio::awaitable<reply> handle_get_topic(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_topic_request(payload));
  const auto found = find_topic(ctx.cat(), req.stream, req.topic);
  if (found.error) co_return reply::ok();  // unknown: an empty answer, as Iggy
  if (!auth::allowed(ctx.cat(), ctx.user(), found.stream->id, found.topic->id, auth::topic_right::read))
    co_return reply::error(status::unauthorized);
  const auto stats = co_await ctx.b.collect_stats();
  co_return reply::ok(encoded(topic_details_view(*found.stream, *found.topic, stats)));
}

boost::asio::awaitable<reply> handle_get_topics(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_topics_request(payload));
  const metadata::stream* s = ctx.cat().find_stream(to_ref(req.stream));
  if (s == nullptr) co_return reply::error(stream_not_found(req.stream));
  if (!auth::allowed(ctx.cat(), ctx.user(), s->id, k_no_topic, auth::topic_right::read))
    co_return reply::error(status::unauthorized);
  const auto stats = co_await ctx.b.collect_stats();
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  for (const auto& [id, t] : s->topics) bin::encode(w, topic_view(*s, t, stats));
  co_return reply::ok(std::move(out));
}

boost::asio::awaitable<reply> handle_create_topic(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_create_topic_request(payload));
  const metadata::stream* s = ctx.cat().find_stream(to_ref(req.stream));
  if (s == nullptr) co_return reply::error(stream_not_found(req.stream));
  if (!auth::allowed(ctx.cat(), ctx.user(), s->id, k_no_topic, auth::topic_right::manage))
    co_return reply::error(status::unauthorized);
  if (!metadata::valid_name(req.name)) co_return reply::error(status::invalid_topic_name);
  if (req.partitions_count > metadata::max_partitions_per_topic) co_return reply::error(status::too_many_partitions);
  if (!valid_expiry(req.message_expiry)) co_return reply::error(status::invalid_format);
  const uint32_t stream_id = s->id;
  const uint64_t created = now_us();
  metadata::create_topic_op op{stream_id, 0, req.name, created, static_cast<uint8_t>(req.compression),
                               req.message_expiry, req.max_topic_size, req.replication_factor,
                               std::vector<uint64_t>(req.partitions_count, created)};
  auto r = co_await ctx.b.commit([&](const metadata::catalog& c)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    const metadata::stream* cs = c.find_stream(stream_id);
    if (cs == nullptr) return fail(metadata::errc::stream_not_found);
    if (topic_name_taken(*cs, req.name)) return fail(metadata::errc::topic_name_exists);
    op.id = c.next_topic_id(*cs);
    op.incarnation = c.next_incarnation;
    return std::vector<metadata::operation>{op};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  if (auto opened = co_await ctx.b.open_partitions(stream_id, op.id, 0, req.partitions_count); !opened) {
    log::error("{}", opened.error());
    co_return reply::error(status::error);
  }
  const auto& snap = ctx.b.snapshot();
  const metadata::stream* ns = snap->find_stream(stream_id);
  const metadata::topic* nt = ns ? snap->find_topic(*ns, op.id) : nullptr;
  if (nt == nullptr) co_return reply::error(status::topic_id_not_found);  // deleted meanwhile
  co_return reply::ok(encoded(topic_details_view(*ns, *nt, {})));
}

boost::asio::awaitable<reply> handle_update_topic(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_update_topic_request(payload));
  const auto found = authorized_topic(ctx, req.stream, req.topic, auth::topic_right::manage);
  if (found.error) co_return reply::error(*found.error);
  if (!metadata::valid_name(req.name)) co_return reply::error(status::invalid_topic_name);
  if (!valid_expiry(req.message_expiry)) co_return reply::error(status::invalid_format);
  const uint32_t sid = found.stream->id, tid = found.topic->id;
  auto r = co_await ctx.b.commit([&](const metadata::catalog& c)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    const metadata::stream* cs = c.find_stream(sid);
    if (cs == nullptr) return fail(metadata::errc::stream_not_found);
    if (!cs->topics.count(tid)) return fail(metadata::errc::topic_not_found);
    if (topic_name_taken(*cs, req.name, tid)) return fail(metadata::errc::topic_name_exists);
    return std::vector<metadata::operation>{metadata::update_topic_op{sid, tid, req.name,
                                                                      static_cast<uint8_t>(req.compression),
                                                                      req.message_expiry, req.max_topic_size,
                                                                      req.replication_factor}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_delete_topic(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_delete_topic_request(payload));
  const auto found = authorized_topic(ctx, req.stream, req.topic, auth::topic_right::manage);
  if (found.error) co_return reply::error(*found.error);
  const uint32_t sid = found.stream->id, tid = found.topic->id;
  std::vector<std::filesystem::path> dirs;
  auto r = co_await ctx.b.commit([&](const metadata::catalog& c)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    auto t = c.get_topic(sid, tid);
    if (!t) return fail(t.error());
    // The directory of the incarnation being deleted, not of whatever has the id later.
    dirs = {layout::topic_dir(ctx.b.config().system_path, c.streams.at(sid), **t)};
    return std::vector<metadata::operation>{metadata::delete_topic_op{sid, tid}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  co_await ctx.b.drop_partitions(std::move(dirs));
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_purge_topic(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_purge_topic_request(payload));
  const auto found = authorized_topic(ctx, req.stream, req.topic, auth::topic_right::manage);
  if (found.error) co_return reply::error(*found.error);
  const uint32_t sid = found.stream->id, tid = found.topic->id;
  const bool purged = co_await purge_partitions(ctx.b, [=](const partition_key& k) { return k.stream == sid && k.topic == tid; });
  if (!purged) co_return reply::error(status::error);
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_create_partitions(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_create_partitions_request(payload));
  const auto found = authorized_topic(ctx, req.stream, req.topic, auth::topic_right::manage);
  if (found.error) co_return reply::error(*found.error);
  if (req.partitions_count == 0) co_return reply::error(status::invalid_format);
  if (req.partitions_count > metadata::max_partitions_per_topic) co_return reply::error(status::too_many_partitions);
  const uint32_t sid = found.stream->id, tid = found.topic->id;
  uint32_t from = 0;
  auto r = co_await ctx.b.commit([&](const metadata::catalog& c)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    auto t = c.get_topic(sid, tid);
    if (!t) return fail(t.error());
    from = (*t)->partitions_count;
    return std::vector<metadata::operation>{
        metadata::create_partitions_op{sid, tid, req.partitions_count, now_us(), c.next_incarnation}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  if (auto opened = co_await ctx.b.open_partitions(sid, tid, from, from + req.partitions_count); !opened) {
    log::error("{}", opened.error());
    co_return reply::error(status::error);
  }
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_delete_partitions(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_delete_partitions_request(payload));
  const auto found = authorized_topic(ctx, req.stream, req.topic, auth::topic_right::manage);
  if (found.error) co_return reply::error(*found.error);
  if (req.partitions_count == 0) co_return reply::error(status::invalid_format);
  const uint32_t sid = found.stream->id, tid = found.topic->id;
  uint32_t keep = 0, before = 0;
  std::vector<std::filesystem::path> dirs;
  auto r = co_await ctx.b.commit([&](const metadata::catalog& c)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    auto t = c.get_topic(sid, tid);
    if (!t) return fail(t.error());
    before = (*t)->partitions_count;
    if (req.partitions_count > before) return fail(metadata::errc::invalid_partitions_count);
    keep = before - req.partitions_count;
    dirs.clear();
    for (uint32_t p = keep; p < before; ++p)
      dirs.push_back(layout::partition_dir(ctx.b.config().system_path, c.streams.at(sid), **t, p));
    return std::vector<metadata::operation>{metadata::delete_partitions_op{sid, tid, req.partitions_count}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  co_await ctx.b.drop_partitions(std::move(dirs));
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_delete_segments(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_delete_segments_request(payload));
  const auto found = authorized_topic(ctx, req.stream, req.topic, auth::topic_right::manage);
  if (found.error) co_return reply::error(*found.error);
  if (req.partition_id >= found.topic->partitions_count) co_return reply::error(status::partition_not_found);
  const partition_key key{found.stream->id, found.topic->id, req.partition_id};
  const size_t count = req.segments_count;
  co_return co_await on_partition_async(ctx, key, [count](partition& p) -> boost::asio::awaitable<result<void, status>> {
    if (auto d = co_await p.log().async_delete_oldest_segments(count); !d) co_return fail(to_status(d.error()));
    co_return result<void, status>{};
  });
}

}  // namespace whippet::server::handlers
