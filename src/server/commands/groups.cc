#include "server/commands/groups.h"

#include <algorithm>

#include "server/commands/partitions.h"

namespace whippet::server::commands {
namespace {

using plan_result = result<std::vector<metadata::operation>, metadata::errc>;

errc group_not_found(const ref& group) {
  return std::holds_alternative<uint32_t>(group) ? errc::group_id_not_found : errc::group_name_not_found;
}

group_info info_of(const metadata::topic& t, const metadata::consumer_group& g, bool members) {
  group_info out{g.id, g.name, t.partitions_count, static_cast<uint32_t>(g.members.size()), {}};
  if (members)
    for (const auto& m : g.members) out.members.push_back({m.client_id, m.partitions});
  return out;
}

struct group_found {
  topic_found topic;
  const metadata::consumer_group* group = nullptr;
};

// The group, after the topic and the right to read it.
result<group_found, errc> checked_group(command_context& ctx, const ref& stream, const ref& topic, const ref& group) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::read);
  if (!t) return fail(t.error());
  const metadata::consumer_group* g = ctx.cat().find_group(*t->topic, group);
  if (g == nullptr) return fail(group_not_found(group));
  return group_found{*t, g};
}

metadata::consumer_group* mutable_group(metadata::catalog& c, uint32_t s, uint32_t t, uint32_t g) {
  metadata::topic* topic = c.mutable_topic(s, t);
  if (topic == nullptr) return nullptr;
  auto it = topic->groups.find(g);
  return it == topic->groups.end() ? nullptr : &it->second;
}

// By value: join and leave return this coroutine, which outlives their frames.
op<void> change_membership(command_context& ctx, ref stream, ref topic, ref group, bool join) {
  auto found = checked_group(ctx, stream, topic, group);
  if (!found) co_return fail(found.error());
  const uint32_t sid = found->topic.stream->id, tid = found->topic.topic->id, gid = found->group->id;
  const uint32_t client = ctx.s.client_id;
  auto r = co_await ctx.b.metadata().change_runtime([&](metadata::catalog& c) -> result<void, metadata::errc> {
    metadata::consumer_group* g = mutable_group(c, sid, tid, gid);
    if (g == nullptr) return fail(metadata::errc::group_not_found);
    const bool member =
        std::any_of(g->members.begin(), g->members.end(), [&](const auto& m) { return m.client_id == client; });
    if (join && member) return {};  // joining twice changes nothing
    if (!join && !member) return fail(metadata::errc::member_not_found);
    if (join) {
      if (g->members.size() >= metadata::max_members_per_group) return fail(metadata::errc::limit_reached);
      g->members.push_back({client, {}});
    } else {
      std::erase_if(g->members, [&](const auto& m) { return m.client_id == client; });
    }
    metadata::rebalance(*g, c.mutable_topic(sid, tid)->partitions_count);
    return {};
  });
  if (!r) co_return fail(from(r.error()));
  if (join) {
    ctx.s.joined_groups.insert({sid, tid, gid});
  } else {
    ctx.s.joined_groups.erase({sid, tid, gid});
  }
  co_return result<void, errc>{};
}

// Whose offset, in which partition.
struct offset_target {
  partition_key key;
  offset_key owner;
};

result<offset_target, errc> resolve(command_context& ctx, const consumer_ref& consumer, const ref& stream,
                                    const ref& topic, std::optional<uint32_t> partition_id) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::poll);
  if (!t) return fail(t.error());
  offset_target out;
  if (consumer.of == consumer_ref::kind::group) {
    const metadata::consumer_group* g = ctx.cat().find_group(*t->topic, consumer.id);
    if (g == nullptr) return fail(group_not_found(consumer.id));
    out.owner = offset_key::group(g->id);
    if (!partition_id) {
      for (const auto& m : g->members)
        if (m.client_id == ctx.s.client_id && !m.partitions.empty()) partition_id = m.partitions.front();
      if (!partition_id) return fail(errc::group_member_not_found);
    }
  } else {
    // A named consumer by its whole name, never a hash of it.
    out.owner = std::holds_alternative<uint32_t>(consumer.id)
                    ? offset_key::consumer(std::get<uint32_t>(consumer.id))
                    : offset_key::named(std::get<std::string>(consumer.id));
  }
  const uint32_t p = partition_id.value_or(0);
  if (p >= t->topic->partitions_count) return fail(errc::partition_not_found);
  out.key = {t->stream->id, t->topic->id, p};
  return out;
}

}  // namespace

op<group_info> get_consumer_group(command_context& ctx, ref stream, ref topic, ref group) {
  auto found = checked_group(ctx, stream, topic, group);
  if (!found) co_return fail(found.error());
  co_return info_of(*found->topic.topic, *found->group, true);
}

op<std::vector<group_info>> get_consumer_groups(command_context& ctx, ref stream, ref topic) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::read);
  if (!t) co_return fail(t.error());
  std::vector<group_info> out;
  for (const auto& [id, g] : t->topic->groups) out.push_back(info_of(*t->topic, g, false));
  co_return out;
}

op<group_info> create_consumer_group(command_context& ctx, ref stream, ref topic, std::string name) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::read);
  if (!t) co_return fail(t.error());
  if (!metadata::valid_name(name)) co_return fail(errc::invalid_group_name);
  const uint32_t sid = t->stream->id, tid = t->topic->id;
  group_info out;
  out.name = name;
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog& c) -> plan_result {
    auto ct = c.get_topic(sid, tid);
    if (!ct) return fail(ct.error());
    for (const auto& [gid, g] : (*ct)->groups)
      if (g.name == name) return fail(metadata::errc::group_name_exists);
    out.id = c.next_group_id(**ct);
    out.partitions_count = (*ct)->partitions_count;
    return std::vector<metadata::operation>{metadata::create_group_op{sid, tid, out.id, name}};
  });
  if (!r) co_return fail(from(r.error()));
  co_return out;
}

op<void> delete_consumer_group(command_context& ctx, ref stream, ref topic, ref group) {
  auto found = checked_group(ctx, stream, topic, group);
  if (!found) co_return fail(found.error());
  const uint32_t sid = found->topic.stream->id, tid = found->topic.topic->id, gid = found->group->id;
  auto r = co_await ctx.b.metadata().commit([&](const metadata::catalog&) -> plan_result {
    return std::vector<metadata::operation>{metadata::delete_group_op{sid, tid, gid}};
  });
  if (!r) co_return fail(from(r.error()));
  co_await ctx.b.for_each_partition_async(
      [&](const partition_key& k) { return k.stream == sid && k.topic == tid; },
      [&](partition& p) -> boost::asio::awaitable<void> { (void)co_await p.delete_offset(offset_key::group(gid)); });
  co_return result<void, errc>{};
}

op<void> join_consumer_group(command_context& ctx, ref stream, ref topic, ref group) {
  return change_membership(ctx, stream, topic, group, true);
}

op<void> leave_consumer_group(command_context& ctx, ref stream, ref topic, ref group) {
  return change_membership(ctx, stream, topic, group, false);
}

boost::asio::awaitable<void> leave_all_groups(broker& b, uint32_t client_id) {
  co_await b.metadata().change_runtime([client_id](metadata::catalog& c) -> result<void, metadata::errc> {
    for (auto& [sid, s] : c.streams)
      for (auto& [tid, t] : s.topics)
        for (auto& [gid, g] : t.groups) {
          const auto before = g.members.size();
          std::erase_if(g.members, [&](const auto& m) { return m.client_id == client_id; });
          if (g.members.size() != before) metadata::rebalance(g, t.partitions_count);
        }
    return {};
  });
}

op<std::optional<offset_info>> get_consumer_offset(command_context& ctx, consumer_ref consumer, ref stream, ref topic,
                                                   std::optional<uint32_t> partition_id) {
  auto t = resolve(ctx, consumer, stream, topic, partition_id);
  if (!t) co_return fail(t.error());
  co_await ctx.b.hop(ctx.b.owner_of(t->key));
  std::optional<offset_info> found;
  if (partition_ref p = ctx.b.find_partition(t->key)) {
    if (auto stored = p->stored_offset(t->owner))
      found = offset_info{t->key.partition, p->log().last_offset().value_or(0), *stored};
  }
  co_await ctx.b.hop(ctx.home);
  co_return found;
}

op<void> store_consumer_offset(command_context& ctx, consumer_ref consumer, ref stream, ref topic,
                               std::optional<uint32_t> partition_id, uint64_t offset) {
  auto t = resolve(ctx, consumer, stream, topic, partition_id);
  if (!t) co_return fail(t.error());
  const offset_key owner = t->owner;
  co_return co_await on_partition(ctx, t->key, [&](partition& p) -> op<void> {
    if (auto r = co_await p.store_offset(owner, offset); !r) co_return fail(from(r.error()));
    co_return result<void, errc>{};
  });
}

op<void> delete_consumer_offset(command_context& ctx, consumer_ref consumer, ref stream, ref topic,
                                std::optional<uint32_t> partition_id) {
  auto t = resolve(ctx, consumer, stream, topic, partition_id);
  if (!t) co_return fail(t.error());
  const offset_key owner = t->owner;
  co_return co_await on_partition(ctx, t->key, [&](partition& p) -> op<void> {
    auto r = co_await p.delete_offset(owner);
    if (!r) co_return fail(from(r.error()));
    if (!*r) co_return fail(errc::consumer_offset_not_found);
    co_return result<void, errc>{};
  });
}

}  // namespace whippet::server::commands
