#include "server/commands/streams.h"

#include "server/commands/info.h"
#include "server/commands/partitions.h"
#include "server/layout.h"

namespace whippet::server::commands {
namespace {

using plan_result = result<std::vector<metadata::operation>, metadata::errc>;

bool name_taken(const metadata::catalog& c, const std::string& name, std::optional<uint32_t> except = {}) {
  for (const auto& [id, s] : c.streams)
    if (s.name == name && id != except) return true;
  return false;
}

}  // namespace

op<stream_info> get_stream(command_context& ctx, ref stream) {
  auto s = checked_stream(ctx, stream, auth::stream_right::read);
  if (!s) co_return fail(s.error());
  co_return stream_info_of(**s, co_await ctx.b.collect_stats(), true);
}

op<std::vector<stream_info>> get_streams(command_context& ctx) {
  if (auto denied = check(ctx, auth::global_right::read_streams)) co_return fail(*denied);
  const auto stats = co_await ctx.b.collect_stats();
  std::vector<stream_info> out;
  for (const auto& [id, s] : ctx.cat().streams) out.push_back(stream_info_of(s, stats, false));
  co_return out;
}

op<stream_info> create_stream(command_context& ctx, std::string name) {
  if (auto denied = check(ctx, auth::global_right::manage_streams)) co_return fail(*denied);
  if (!metadata::valid_name(name)) co_return fail(errc::invalid_stream_name);
  stream_info out;
  out.name = name;
  out.created_at = now_us();
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog& c) -> plan_result {
    if (name_taken(c, name)) return fail(metadata::errc::stream_name_exists);
    out.id = c.next_stream_id();
    return std::vector<metadata::operation>{metadata::create_stream_op{out.id, name, out.created_at, c.next_incarnation}};
  });
  if (!r) co_return fail(from(r.error()));
  co_return out;
}

op<void> update_stream(command_context& ctx, ref stream, std::string name) {
  auto s = checked_stream(ctx, stream, auth::stream_right::manage);
  if (!s) co_return fail(s.error());
  if (!metadata::valid_name(name)) co_return fail(errc::invalid_stream_name);
  const uint32_t id = (*s)->id;
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog& c) -> plan_result {
    if (!c.streams.count(id)) return fail(metadata::errc::stream_not_found);
    if (name_taken(c, name, id)) return fail(metadata::errc::stream_name_exists);
    return std::vector<metadata::operation>{metadata::update_stream_op{id, name}};
  });
  if (!r) co_return fail(from(r.error()));
  co_return result<void, errc>{};
}

op<void> delete_stream(command_context& ctx, ref stream) {
  auto s = checked_stream(ctx, stream, auth::stream_right::manage);
  if (!s) co_return fail(s.error());
  const uint32_t id = (*s)->id;
  std::vector<std::filesystem::path> dirs;
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog& c) -> plan_result {
    auto it = c.streams.find(id);
    if (it == c.streams.end()) return fail(metadata::errc::stream_not_found);
    dirs = {layout::stream_dir(ctx.b.config().system_path, it->second)};
    return std::vector<metadata::operation>{metadata::delete_stream_op{id}};
  });
  if (!r) co_return fail(from(r.error()));
  co_await ctx.b.drop_partitions(std::move(dirs));
  co_return result<void, errc>{};
}

op<void> purge_stream(command_context& ctx, ref stream) {
  auto s = checked_stream(ctx, stream, auth::stream_right::manage);
  if (!s) co_return fail(s.error());
  const uint32_t id = (*s)->id;
  if (!co_await purge_partitions(ctx.b, [id](const partition_key& k) { return k.stream == id; }))
    co_return fail(errc::internal);
  co_return result<void, errc>{};
}

}  // namespace whippet::server::commands
