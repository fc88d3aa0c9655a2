#include "server/commands/messages.h"

#include <algorithm>

#include "base/log.h"
#include "bytes/checksum.h"
#include "server/commands/partitions.h"
#include "storage/message_batch.h"

namespace whippet::server::commands {
namespace {

constexpr uint64_t k_max_poll_bytes = 128ull << 20;

// Whose offset: a numeric consumer by its number, a named one by its whole
// name (never a hash of it: two names never share offsets).
offset_key consumer_key(const ref& id) {
  if (std::holds_alternative<uint32_t>(id)) return offset_key::consumer(std::get<uint32_t>(id));
  return offset_key::named(std::get<std::string>(id));
}

boost::asio::awaitable<result<storage::read_result, storage::errc>> read(partition& p, const offset_key& owner,
                                                                         const polling& from, uint32_t n) {
  auto& log = p.log();
  switch (from.of) {
    case polling::kind::offset: co_return co_await log.async_read(from.value, n, k_max_poll_bytes);
    case polling::kind::timestamp: co_return co_await log.async_read_from_timestamp(from.value, n, k_max_poll_bytes);
    case polling::kind::first: co_return co_await log.async_read_first(n, k_max_poll_bytes);
    case polling::kind::last: co_return co_await log.async_read_last(n, k_max_poll_bytes);
    case polling::kind::next: {
      const auto stored = p.stored_offset(owner);
      co_return co_await log.async_read(stored ? *stored + 1 : 0, n, k_max_poll_bytes);
    }
  }
  co_return fail(storage::errc::invalid_argument);
}

}  // namespace

op<void> send_messages(command_context& ctx, ref stream, ref topic, partitioning where, std::span<uint8_t> messages,
                       uint32_t count) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::send);
  if (!t) co_return fail(t.error());
  const uint32_t stream_id = t->stream->id, topic_id = t->topic->id;
  const uint32_t partitions = t->topic->partitions_count;
  if (partitions == 0) co_return fail(errc::no_partitions);

  uint32_t partition_id = 0;
  switch (where.of) {
    case partitioning::kind::balanced: partition_id = ctx.b.next_balanced(stream_id, topic_id) % partitions; break;
    case partitioning::kind::partition_id:
      partition_id = where.partition_id;
      if (partition_id >= partitions) co_return fail(errc::partition_not_found);
      break;
    case partitioning::kind::messages_key:
      partition_id = bytes::xxh32(where.key.data(), where.key.size()) % partitions;
      break;
  }
  // Everything about the batch is checked before anything is written.
  if (auto batch = storage::message_batch::validate(messages, count); !batch) co_return fail(from(batch.error()));

  const partition_key key{stream_id, topic_id, partition_id};
  const uint64_t bytes_in = messages.size();
  ctx.data_shard = ctx.b.owner_of(key);
  co_await ctx.b.hop(*ctx.data_shard);
  result<void, errc> outcome;
  // The reference keeps the partition alive, and its deletion waiting, while
  // the append waits for its turn, its write and (enforce_fsync) its sync.
  if (partition_ref p = ctx.b.find_partition(key); !p) {
    outcome = fail(errc::partition_not_found);
  } else {
    std::span<uint8_t> fresh = messages;
    const uint32_t n = p->drop_duplicates(fresh, count, now_us());
    if (n > 0) {
      auto batch = storage::message_batch::validate(fresh, n);
      auto appended = co_await p->log().async_append(*batch);
      if (!appended) {
        outcome = fail(from(appended.error()));
      } else if (ctx.b.config().storage.dedup_enabled) {
        p->remember_ids(fresh, n, now_us());  // ids count as seen only now that they are stored
      }
    }
  }
  co_await ctx.b.hop(ctx.home);
  if (outcome) ctx.b.bytes_written.fetch_add(bytes_in, std::memory_order_relaxed);
  co_return outcome;
}

op<polled> poll_messages(command_context& ctx, consumer_ref consumer, ref stream, ref topic,
                         std::optional<uint32_t> partition_id, polling from_where, uint32_t count, bool auto_commit) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::poll);
  if (!t) co_return fail(t.error());
  const uint32_t stream_id = t->stream->id, topic_id = t->topic->id;
  if (count == 0) co_return fail(errc::invalid_messages_count);

  offset_key owner;
  if (consumer.of == consumer_ref::kind::group) {
    const metadata::consumer_group* group = ctx.cat().find_group(*t->topic, consumer.id);
    if (group == nullptr)
      co_return fail(std::holds_alternative<uint32_t>(consumer.id) ? errc::group_id_not_found
                                                                   : errc::group_name_not_found);
    owner = offset_key::group(group->id);
    const metadata::consumer_group_member* member = nullptr;
    for (const auto& m : group->members)
      if (m.client_id == ctx.s.client_id) member = &m;
    if (member == nullptr) co_return fail(errc::group_member_not_found);
    // A member reads only what is assigned to it, so two members never
    // consume the same partition under one group offset.
    const auto& mine = member->partitions;
    const bool assigned = partition_id && std::find(mine.begin(), mine.end(), *partition_id) != mine.end();
    if (mine.empty() || (partition_id && !assigned)) co_return polled{};
    if (!partition_id) {
      uint32_t& cursor = ctx.s.group_cursor[{stream_id, topic_id, group->id}];
      partition_id = mine[cursor++ % mine.size()];
    }
  } else {
    owner = consumer_key(consumer.id);
    if (!partition_id) partition_id = 0;
  }
  if (*partition_id >= t->topic->partitions_count) co_return fail(errc::partition_not_found);

  const partition_key key{stream_id, topic_id, *partition_id};
  ctx.data_shard = ctx.b.owner_of(key);
  co_await ctx.b.hop(*ctx.data_shard);
  result<polled, errc> out = fail(errc::partition_not_found);
  if (partition_ref p = ctx.b.find_partition(key)) {
    auto r = co_await read(*p, owner, from_where, count);
    if (!r) {
      out = fail(from(r.error()));
    } else {
      if (auto_commit && r->count > 0) {
        if (auto stored = co_await p->store_offset(owner, r->first_offset + r->count - 1); !stored)
          log::warn("cannot store offset for partition {}: {}", p->directory().string(),
                    storage::to_string(stored.error()));
      }
      out = polled{*partition_id, p->log().last_offset().value_or(0), r->count, r->bytes, std::move(r->ranges)};
    }
  }
  co_await ctx.b.hop(ctx.home);
  if (out) ctx.b.bytes_read.fetch_add(out->bytes, std::memory_order_relaxed);
  co_return out;
}

op<void> flush_unsaved_buffer(command_context& ctx, ref stream, ref topic, uint32_t partition_id, bool fsync) {
  auto t = checked_topic(ctx, stream, topic, auth::topic_right::send);
  if (!t) co_return fail(t.error());
  if (partition_id >= t->topic->partitions_count) co_return fail(errc::partition_not_found);
  const partition_key key{t->stream->id, t->topic->id, partition_id};
  co_return co_await on_partition(ctx, key, [fsync](partition& p) -> op<void> {
    // Every acknowledged message is already in the page cache; only the sync is left.
    if (fsync) {
      if (auto r = co_await p.log().async_sync(); !r) co_return fail(from(r.error()));
    }
    co_return result<void, errc>{};
  });
}

}  // namespace whippet::server::commands
