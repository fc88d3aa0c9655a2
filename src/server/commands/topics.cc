#include "server/commands/topics.h"

#include "base/log.h"
#include "server/commands/info.h"
#include "server/commands/partitions.h"
#include "server/layout.h"

namespace whippet::server::commands {
namespace {

using plan_result = result<std::vector<metadata::operation>, metadata::errc>;

constexpr uint32_t k_any_topic = UINT32_MAX;  // rights on a stream's topics in general

bool topic_name_taken(const metadata::stream& s, const std::string& name, std::optional<uint32_t> except = {}) {
  for (const auto& [id, t] : s.topics)
    if (t.name == name && id != except) return true;
  return false;
}

// The stream, found, then `right` on its topics in general.
result<const metadata::stream*, errc> checked_topics_of(command_context& ctx, const ref& stream,
                                                        auth::topic_right right) {
  if (auto denied = require_login(ctx)) return fail(*denied);
  auto s = find_stream(ctx, stream);
  if (!s) return s;
  if (!auth::allowed(ctx.cat(), ctx.user(), (*s)->id, k_any_topic, right)) return fail(errc::unauthorized);
  return s;
}

}  // namespace

op<topic_info> get_topic(command_context& ctx, ref stream, ref topic) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::read);
  if (!t) co_return fail(t.error());
  co_return topic_info_of(*t->stream, *t->topic, co_await ctx.b.collect_stats(), true);
}

op<std::vector<topic_info>> get_topics(command_context& ctx, ref stream) {
  auto s = checked_topics_of(ctx, stream, auth::topic_right::read);
  if (!s) co_return fail(s.error());
  const auto stats = co_await ctx.b.collect_stats();
  std::vector<topic_info> out;
  for (const auto& [id, t] : (*s)->topics) out.push_back(topic_info_of(**s, t, stats, false));
  co_return out;
}

op<topic_info> create_topic(command_context& ctx, ref stream, topic_settings settings, uint32_t partitions) {
  auto s = checked_topics_of(ctx, stream, auth::topic_right::manage);
  if (!s) co_return fail(s.error());
  if (!metadata::valid_name(settings.name)) co_return fail(errc::invalid_topic_name);
  if (partitions > metadata::max_partitions_per_topic) co_return fail(errc::too_many_partitions);
  if (!valid_expiry(settings.message_expiry)) co_return fail(errc::invalid_expiry);
  const uint32_t stream_id = (*s)->id;
  const uint64_t created = now_us();
  metadata::create_topic_op op{stream_id,
                               0,
                               settings.name,
                               created,
                               settings.compression,
                               settings.message_expiry,
                               settings.max_topic_size,
                               settings.replication_factor,
                               std::vector<uint64_t>(partitions, created)};
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog& c) -> plan_result {
    const metadata::stream* cs = c.find_stream(stream_id);
    if (cs == nullptr) return fail(metadata::errc::stream_not_found);
    if (topic_name_taken(*cs, settings.name)) return fail(metadata::errc::topic_name_exists);
    op.id = c.next_topic_id(*cs);
    op.incarnation = c.next_incarnation;
    return std::vector<metadata::operation>{op};
  });
  if (!r) co_return fail(from(r.error()));
  if (auto opened = co_await ctx.b.open_partitions(stream_id, op.id, 0, partitions); !opened) {
    log::error("{}", opened.error());
    co_return fail(errc::internal);
  }
  const auto& snap = ctx.b.snapshot();
  const metadata::stream* ns = snap->find_stream(stream_id);
  const metadata::topic* nt = ns ? snap->find_topic(*ns, op.id) : nullptr;
  if (nt == nullptr) co_return fail(errc::topic_id_not_found);  // deleted meanwhile
  co_return topic_info_of(*ns, *nt, {}, true);
}

op<void> update_topic(command_context& ctx, ref stream, ref topic, topic_settings settings) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::manage);
  if (!t) co_return fail(t.error());
  if (!metadata::valid_name(settings.name)) co_return fail(errc::invalid_topic_name);
  if (!valid_expiry(settings.message_expiry)) co_return fail(errc::invalid_expiry);
  const uint32_t sid = t->stream->id, tid = t->topic->id;
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog& c) -> plan_result {
    const metadata::stream* cs = c.find_stream(sid);
    if (cs == nullptr) return fail(metadata::errc::stream_not_found);
    if (!cs->topics.count(tid)) return fail(metadata::errc::topic_not_found);
    if (topic_name_taken(*cs, settings.name, tid)) return fail(metadata::errc::topic_name_exists);
    return std::vector<metadata::operation>{metadata::update_topic_op{sid, tid, settings.name, settings.compression,
                                                                      settings.message_expiry, settings.max_topic_size,
                                                                      settings.replication_factor}};
  });
  if (!r) co_return fail(from(r.error()));
  co_return result<void, errc>{};
}

op<void> delete_topic(command_context& ctx, ref stream, ref topic) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::manage);
  if (!t) co_return fail(t.error());
  const uint32_t sid = t->stream->id, tid = t->topic->id;
  std::vector<std::filesystem::path> dirs;
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog& c) -> plan_result {
    auto ct = c.get_topic(sid, tid);
    if (!ct) return fail(ct.error());
    // The directory of the incarnation being deleted, not of whatever has the id later.
    dirs = {layout::topic_dir(ctx.b.config().system_path, c.streams.at(sid), **ct)};
    return std::vector<metadata::operation>{metadata::delete_topic_op{sid, tid}};
  });
  if (!r) co_return fail(from(r.error()));
  co_await ctx.b.drop_partitions(std::move(dirs));
  co_return result<void, errc>{};
}

op<void> purge_topic(command_context& ctx, ref stream, ref topic) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::manage);
  if (!t) co_return fail(t.error());
  const uint32_t sid = t->stream->id, tid = t->topic->id;
  if (!co_await purge_partitions(ctx.b, [=](const partition_key& k) { return k.stream == sid && k.topic == tid; }))
    co_return fail(errc::internal);
  co_return result<void, errc>{};
}

op<void> create_partitions(command_context& ctx, ref stream, ref topic, uint32_t count) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::manage);
  if (!t) co_return fail(t.error());
  if (count == 0) co_return fail(errc::invalid_partitions_count);
  if (count > metadata::max_partitions_per_topic) co_return fail(errc::too_many_partitions);
  const uint32_t sid = t->stream->id, tid = t->topic->id;
  uint32_t from_id = 0;
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog& c) -> plan_result {
    auto ct = c.get_topic(sid, tid);
    if (!ct) return fail(ct.error());
    from_id = (*ct)->partitions_count;
    return std::vector<metadata::operation>{
        metadata::create_partitions_op{sid, tid, count, now_us(), c.next_incarnation}};
  });
  if (!r) co_return fail(from(r.error()));
  if (auto opened = co_await ctx.b.open_partitions(sid, tid, from_id, from_id + count); !opened) {
    log::error("{}", opened.error());
    co_return fail(errc::internal);
  }
  co_return result<void, errc>{};
}

op<void> delete_partitions(command_context& ctx, ref stream, ref topic, uint32_t count) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::manage);
  if (!t) co_return fail(t.error());
  if (count == 0) co_return fail(errc::invalid_partitions_count);
  const uint32_t sid = t->stream->id, tid = t->topic->id;
  std::vector<std::filesystem::path> dirs;
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog& c) -> plan_result {
    auto ct = c.get_topic(sid, tid);
    if (!ct) return fail(ct.error());
    const uint32_t before = (*ct)->partitions_count;
    if (count > before) return fail(metadata::errc::invalid_partitions_count);
    dirs.clear();
    for (uint32_t p = before - count; p < before; ++p)
      dirs.push_back(layout::partition_dir(ctx.b.config().system_path, c.streams.at(sid), **ct, p));
    return std::vector<metadata::operation>{metadata::delete_partitions_op{sid, tid, count}};
  });
  if (!r) co_return fail(from(r.error()));
  co_await ctx.b.drop_partitions(std::move(dirs));
  co_return result<void, errc>{};
}

op<void> delete_segments(command_context& ctx, ref stream, ref topic, uint32_t partition_id, uint32_t count) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::manage);
  if (!t) co_return fail(t.error());
  if (partition_id >= t->topic->partitions_count) co_return fail(errc::partition_not_found);
  const partition_key key{t->stream->id, t->topic->id, partition_id};
  co_return co_await on_partition(ctx, key, [count](partition& p) -> op<void> {
    if (auto d = co_await p.log().async_delete_oldest_segments(count); !d) co_return fail(from(d.error()));
    co_return result<void, errc>{};
  });
}

}  // namespace whippet::server::commands
