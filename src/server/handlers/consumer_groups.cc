// Consumer groups: get_consumer_group, get_consumer_groups,
// create_consumer_group, delete_consumer_group, join_consumer_group,
// leave_consumer_group. Membership is runtime state on shard 0: a join or a
// leave (or a member's disconnect) rebalances the topic's partitions over the
// members, round-robin in client id order.

#include <algorithm>

#include "protocol/binary/requests/create_consumer_group.h"
#include "protocol/binary/requests/delete_consumer_group.h"
#include "protocol/binary/requests/get_consumer_group.h"
#include "protocol/binary/requests/get_consumer_groups.h"
#include "protocol/binary/requests/join_consumer_group.h"
#include "protocol/binary/requests/leave_consumer_group.h"
#include "protocol/binary/responses/consumer_group.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"

namespace whippet::server::handlers {
namespace {

bin::consumer_group_response summary(const metadata::topic& t, const metadata::consumer_group& g) {
  return {g.id, t.partitions_count, static_cast<uint32_t>(g.members.size()), g.name};
}

struct group_lookup {
  topic_lookup topic;
  const metadata::consumer_group* group = nullptr;
  std::optional<status> error;
};

// The group, after the topic and the right to read it (Iggy's rule for every group command).
group_lookup find_group(const command_context& ctx, const bin::identifier& s, const bin::identifier& t,
                        const bin::identifier& g) {
  group_lookup out;
  out.topic = authorized_topic(ctx, s, t, auth::topic_right::read);
  if (out.topic.error) {
    out.error = out.topic.error;
    return out;
  }
  out.group = ctx.cat().find_group(*out.topic.topic, to_ref(g));
  if (out.group == nullptr) out.error = group_not_found(g);
  return out;
}

metadata::consumer_group* mutable_group(metadata::catalog& c, uint32_t s, uint32_t t, uint32_t g) {
  metadata::topic* topic = c.mutable_topic(s, t);
  if (topic == nullptr) return nullptr;
  auto it = topic->groups.find(g);
  return it == topic->groups.end() ? nullptr : &it->second;
}

}  // namespace

boost::asio::awaitable<reply> handle_get_consumer_group(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_consumer_group_request(payload));
  const auto found = find_group(ctx, req.stream, req.topic, req.group);
  if (found.topic.error) co_return reply::error(*found.topic.error);
  if (found.group == nullptr) co_return reply::ok();  // unknown group: an empty answer
  bin::consumer_group_details d;
  d.group = summary(*found.topic.topic, *found.group);
  for (const auto& m : found.group->members) d.members.push_back({m.client_id, m.partitions});
  co_return reply::ok(encoded(d));
}

boost::asio::awaitable<reply> handle_get_consumer_groups(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_consumer_groups_request(payload));
  const auto found = authorized_topic(ctx, req.stream, req.topic, auth::topic_right::read);
  if (found.error) co_return reply::error(*found.error);
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  for (const auto& [id, g] : found.topic->groups) bin::encode(w, summary(*found.topic, g));
  co_return reply::ok(std::move(out));
}

boost::asio::awaitable<reply> handle_create_consumer_group(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_create_consumer_group_request(payload));
  const auto found = authorized_topic(ctx, req.stream, req.topic, auth::topic_right::read);
  if (found.error) co_return reply::error(*found.error);
  if (!metadata::valid_name(req.name)) co_return reply::error(status::invalid_format);
  const uint32_t sid = found.stream->id, tid = found.topic->id;
  uint32_t id = 0, partitions = 0;
  auto r = co_await ctx.b.commit([&](const metadata::catalog& c)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    auto t = c.get_topic(sid, tid);
    if (!t) return fail(t.error());
    for (const auto& [gid, g] : (*t)->groups)
      if (g.name == req.name) return fail(metadata::errc::group_name_exists);
    id = c.next_group_id(**t);
    partitions = (*t)->partitions_count;
    return std::vector<metadata::operation>{metadata::create_group_op{sid, tid, id, req.name}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(bin::consumer_group_response{id, partitions, 0, req.name}));
}

boost::asio::awaitable<reply> handle_delete_consumer_group(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_delete_consumer_group_request(payload));
  const auto found = find_group(ctx, req.stream, req.topic, req.group);
  if (found.error) co_return reply::error(*found.error);
  const uint32_t sid = found.topic.stream->id, tid = found.topic.topic->id, gid = found.group->id;
  auto r = co_await ctx.b.commit([&](const metadata::catalog&)
                                     -> result<std::vector<metadata::operation>, metadata::errc> {
    return std::vector<metadata::operation>{metadata::delete_group_op{sid, tid, gid}};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  // Its stored offsets go with it.
  co_await ctx.b.for_each_partition_async(
      [&](const partition_key& k) { return k.stream == sid && k.topic == tid; },
      [&](partition& p) -> boost::asio::awaitable<void> { (void)co_await p.delete_offset(offset_key::group(gid)); });
  co_return reply::ok();
}

namespace {

// join_consumer_group and leave_consumer_group: membership changes on shard 0,
// followed by a rebalance of the topic's partitions over the members.
boost::asio::awaitable<reply> change_membership(command_context& ctx, const bin::identifier& stream,
                                                const bin::identifier& topic, const bin::identifier& group_id,
                                                bool join) {
  const auto found = find_group(ctx, stream, topic, group_id);
  if (found.error) co_return reply::error(*found.error);
  const uint32_t sid = found.topic.stream->id, tid = found.topic.topic->id, gid = found.group->id;
  const uint32_t client = ctx.s.client_id;
  auto r = co_await ctx.b.change_runtime([&](metadata::catalog& c) -> result<void, metadata::errc> {
    metadata::consumer_group* g = mutable_group(c, sid, tid, gid);
    if (g == nullptr) return fail(metadata::errc::group_not_found);
    const bool member = std::any_of(g->members.begin(), g->members.end(),
                                    [&](const auto& m) { return m.client_id == client; });
    if (join && member) return {};  // joining twice changes nothing
    if (!join && !member) return fail(metadata::errc::member_not_found);
    if (join) {
      if (g->members.size() >= metadata::max_members_per_group) return fail(metadata::errc::limit_reached);
      g->members.push_back({client, {}});
    } else {
      std::erase_if(g->members, [&](const auto& m) { return m.client_id == client; });
    }
    rebalance(*g, c.mutable_topic(sid, tid)->partitions_count);
    return {};
  });
  if (!r) co_return reply::error(to_status(r.error()));
  if (join) {
    ctx.s.joined_groups.insert({sid, tid, gid});
  } else {
    ctx.s.joined_groups.erase({sid, tid, gid});
  }
  co_return reply::ok();
}

}  // namespace

boost::asio::awaitable<reply> handle_join_consumer_group(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_join_consumer_group_request(payload));
  co_return co_await change_membership(ctx, req.stream, req.topic, req.group, true);
}

boost::asio::awaitable<reply> handle_leave_consumer_group(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_leave_consumer_group_request(payload));
  co_return co_await change_membership(ctx, req.stream, req.topic, req.group, false);
}

boost::asio::awaitable<void> leave_all_groups(broker& b, uint32_t client_id) {
  co_await b.change_runtime([client_id](metadata::catalog& c) -> result<void, metadata::errc> {
    for (auto& [sid, s] : c.streams)
      for (auto& [tid, t] : s.topics)
        for (auto& [gid, g] : t.groups) {
          const auto before = g.members.size();
          std::erase_if(g.members, [&](const auto& m) { return m.client_id == client_id; });
          if (g.members.size() != before) rebalance(g, t.partitions_count);
        }
    return {};
  });
}

}  // namespace whippet::server::handlers
