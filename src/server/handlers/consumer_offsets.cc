// Consumer offsets: get_consumer_offset, store_consumer_offset,
// delete_consumer_offset. Stored by the partition's owner, beside its segments.

#include "bytes/checksum.h"
#include "protocol/binary/requests/delete_consumer_offset.h"
#include "protocol/binary/requests/get_consumer_offset.h"
#include "protocol/binary/requests/store_consumer_offset.h"
#include "protocol/binary/responses/consumer_offset.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"

namespace whippet::server::handlers {
namespace {

struct offset_target {
  partition_key key;
  offset_key owner;
  std::optional<status> error;
};

// Resolves whose offset, in which partition. A consumer without a partition
// means partition 0; a group member without one means its first assigned partition.
offset_target resolve(const command_context& ctx, const bin::consumer& consumer, const bin::identifier& stream,
                      const bin::identifier& topic, std::optional<uint32_t> partition_id) {
  offset_target out;
  const auto found = authorized_topic(ctx, stream, topic, auth::topic_right::poll);
  if (found.error) {
    out.error = found.error;
    return out;
  }
  if (consumer.kind == bin::consumer::kind_t::consumer_group) {
    const metadata::consumer_group* g = ctx.cat().find_group(*found.topic, to_ref(consumer.id));
    if (g == nullptr) {
      out.error = group_not_found(consumer.id);
      return out;
    }
    out.owner = offset_key::group(g->id);
    if (!partition_id) {
      for (const auto& m : g->members)
        if (m.client_id == ctx.s.client_id && !m.partitions.empty()) partition_id = m.partitions.front();
      if (!partition_id) {
        out.error = status::consumer_group_member_not_found;
        return out;
      }
    }
  } else {
    // A named consumer by its whole name, never a hash of it.
    out.owner = consumer.id.kind == bin::identifier::kind_t::numeric ? offset_key::consumer(consumer.id.number)
                                                                      : offset_key::named(consumer.id.name);
  }
  const uint32_t p = partition_id.value_or(0);
  if (p >= found.topic->partitions_count) {
    out.error = status::partition_not_found;
    return out;
  }
  out.key = {found.stream->id, found.topic->id, p};
  return out;
}

}  // namespace

boost::asio::awaitable<reply> handle_get_consumer_offset(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_consumer_offset_request(payload));
  const auto t = resolve(ctx, req.consumer, req.stream, req.topic, req.partition_id);
  if (t.error) co_return reply::error(*t.error);
  co_await ctx.b.hop(ctx.b.owner_of(t.key));
  std::optional<bin::consumer_offset_response> found;
  if (partition_ref p = ctx.b.find_partition(t.key)) {
    if (auto stored = p->stored_offset(t.owner))
      found = bin::consumer_offset_response{t.key.partition, p->log().last_offset().value_or(0), *stored};
  }
  co_await ctx.b.hop(ctx.home);
  if (!found) co_return reply::ok();  // nothing stored: an empty answer
  co_return reply::ok(encoded(*found));
}

boost::asio::awaitable<reply> handle_store_consumer_offset(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_store_consumer_offset_request(payload));
  const auto t = resolve(ctx, req.consumer, req.stream, req.topic, req.partition_id);
  if (t.error) co_return reply::error(*t.error);
  co_return co_await on_partition_async(ctx, t.key, [&](partition& p) -> boost::asio::awaitable<result<void, status>> {
    if (auto r = co_await p.store_offset(t.owner, req.offset); !r) co_return fail(to_status(r.error()));
    co_return result<void, status>{};
  });
}

boost::asio::awaitable<reply> handle_delete_consumer_offset(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_delete_consumer_offset_request(payload));
  const auto t = resolve(ctx, req.consumer, req.stream, req.topic, req.partition_id);
  if (t.error) co_return reply::error(*t.error);
  co_return co_await on_partition_async(ctx, t.key, [&](partition& p) -> boost::asio::awaitable<result<void, status>> {
    auto r = co_await p.delete_offset(t.owner);
    if (!r) co_return fail(to_status(r.error()));
    if (!*r) co_return fail(status::consumer_offset_not_found);
    co_return result<void, status>{};
  });
}

}  // namespace whippet::server::handlers
