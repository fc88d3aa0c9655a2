// send_messages, poll_messages and flush_unsaved_buffer: the data path. The
// request is decoded and authorized on the connection's shard, then the
// coroutine hops to the shard that owns the partition, and back.

#include <algorithm>

#include "bytes/checksum.h"
#include "protocol/binary/requests/flush_unsaved_buffer.h"
#include "protocol/binary/requests/poll_messages.h"
#include "protocol/binary/requests/send_messages.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"

namespace whippet::server::handlers {
namespace {

constexpr uint64_t k_max_poll_bytes = 128ull << 20;

// Whose offset: a numeric consumer by its number, a named one by its whole
// name (never a hash of it: two names never share offsets).
offset_key consumer_key(const bin::identifier& id) {
  if (id.kind == bin::identifier::kind_t::numeric) return offset_key::consumer(id.number);
  return offset_key::named(id.name);
}

}  // namespace

boost::asio::awaitable<reply> handle_send_messages(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_send_messages_request(payload));
  const auto found = authorized_topic(ctx, req.stream, req.topic, auth::topic_right::send);
  if (found.error) co_return reply::error(*found.error);
  const uint32_t stream_id = found.stream->id, topic_id = found.topic->id;
  const uint32_t partitions = found.topic->partitions_count;
  if (partitions == 0) co_return reply::error(status::no_partitions);

  uint32_t partition_id = 0;
  switch (req.partitioning.kind) {
    case bin::partitioning::kind_t::balanced:
      partition_id = ctx.b.next_balanced(stream_id, topic_id) % partitions;
      break;
    case bin::partitioning::kind_t::partition_id:
      partition_id = req.partitioning.partition_id;
      if (partition_id >= partitions) co_return reply::error(status::partition_not_found);
      break;
    case bin::partitioning::kind_t::messages_key:
      partition_id = bytes::xxh32(req.partitioning.key.data(), req.partitioning.key.size()) % partitions;
      break;
  }
  // Everything about the batch is checked before anything is written.
  {
    auto batch = storage::message_batch::validate(req.messages, req.messages_count);
    if (!batch) co_return reply::error(to_status(batch.error()));
  }

  const partition_key key{stream_id, topic_id, partition_id};
  const uint64_t bytes_in = req.messages.size();
  ctx.data_shard = ctx.b.owner_of(key);
  co_await ctx.b.hop(*ctx.data_shard);
  result<void, status> outcome;
  // The reference keeps the partition alive, and its deletion waiting, while
  // the append waits for its turn, its write and (enforce_fsync) its sync.
  if (partition_ref p = ctx.b.find_partition(key); !p) {
    outcome = fail(status::partition_not_found);
  } else {
    std::span<uint8_t> messages = req.messages;
    const uint32_t count = p->drop_duplicates(messages, req.messages_count, now_us());
    if (count > 0) {
      auto batch = storage::message_batch::validate(messages, count);
      auto appended = co_await p->log().async_append(*batch);
      if (!appended) {
        outcome = fail(to_status(appended.error()));
      } else if (ctx.b.config().storage.dedup_enabled) {
        p->remember_ids(messages, count, now_us());  // ids count as seen only now that they are stored
      }
    }
  }
  co_await ctx.b.hop(ctx.home);
  if (!outcome) co_return reply::error(outcome.error());
  ctx.b.bytes_written.fetch_add(bytes_in, std::memory_order_relaxed);
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_poll_messages(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_poll_messages_request(payload));
  const auto found = authorized_topic(ctx, req.stream, req.topic, auth::topic_right::poll);
  if (found.error) co_return reply::error(*found.error);
  const uint32_t stream_id = found.stream->id, topic_id = found.topic->id;
  if (req.count == 0) co_return reply::error(status::invalid_messages_count);

  offset_key owner;
  std::optional<uint32_t> partition_id = req.partition_id;
  if (req.consumer.kind == bin::consumer::kind_t::consumer_group) {
    const metadata::consumer_group* group = ctx.cat().find_group(*found.topic, to_ref(req.consumer.id));
    if (group == nullptr) co_return reply::error(group_not_found(req.consumer.id));
    owner = offset_key::group(group->id);
    const metadata::consumer_group_member* member = nullptr;
    for (const auto& m : group->members)
      if (m.client_id == ctx.s.client_id) member = &m;
    if (member == nullptr) co_return reply::error(status::consumer_group_member_not_found);
    // A member reads only what is assigned to it, so two members never
    // consume the same partition under one group offset. Nothing assigned
    // (more members than partitions), or an explicit partition assigned to
    // another member: an empty answer, as Iggy's server gives.
    const auto& mine = member->partitions;
    const bool assigned = partition_id && std::find(mine.begin(), mine.end(), *partition_id) != mine.end();
    if (mine.empty() || (partition_id && !assigned)) {
      std::vector<uint8_t> empty(16, 0);
      co_return reply::ok(std::move(empty));
    }
    if (!partition_id) {
      uint32_t& cursor = ctx.s.group_cursor[{stream_id, topic_id, group->id}];
      partition_id = mine[cursor++ % mine.size()];
    }
  } else {
    owner = consumer_key(req.consumer.id);
    if (!partition_id) partition_id = 0;
  }
  if (*partition_id >= found.topic->partitions_count) co_return reply::error(status::partition_not_found);

  const partition_key key{stream_id, topic_id, *partition_id};
  ctx.data_shard = ctx.b.owner_of(key);
  co_await ctx.b.hop(*ctx.data_shard);
  result<storage::read_result, status> read = fail(status::partition_not_found);
  uint64_t current_offset = 0;
  if (partition_ref p = ctx.b.find_partition(key)) {
    auto& log = p->log();
    const uint32_t n = req.count;
    result<storage::read_result, storage::errc> r = fail(storage::errc::invalid_argument);
    switch (req.strategy.kind) {
      case bin::polling_strategy::kind_t::offset:
        r = co_await log.async_read(req.strategy.value, n, k_max_poll_bytes);
        break;
      case bin::polling_strategy::kind_t::timestamp:
        r = co_await log.async_read_from_timestamp(req.strategy.value, n, k_max_poll_bytes);
        break;
      case bin::polling_strategy::kind_t::first: r = co_await log.async_read_first(n, k_max_poll_bytes); break;
      case bin::polling_strategy::kind_t::last: r = co_await log.async_read_last(n, k_max_poll_bytes); break;
      case bin::polling_strategy::kind_t::next: {
        const auto stored = p->stored_offset(owner);
        r = co_await log.async_read(stored ? *stored + 1 : 0, n, k_max_poll_bytes);
        break;
      }
    }
    if (!r) {
      read = fail(to_status(r.error()));
    } else {
      current_offset = log.last_offset().value_or(0);
      if (req.auto_commit && r->count > 0) {
        if (auto stored = co_await p->store_offset(owner, r->first_offset + r->count - 1); !stored)
          log::warn("cannot store offset for partition {}: {}", p->directory().string(),
                    storage::to_string(stored.error()));
      }
      read = std::move(*r);
    }
  }
  co_await ctx.b.hop(ctx.home);
  if (!read) co_return reply::error(read.error());

  std::vector<uint8_t> header;
  bytes::byte_writer w(header);
  w.write<uint32_t>(*partition_id);
  w.write<uint64_t>(current_offset);
  w.write<uint32_t>(read->count);
  ctx.b.bytes_read.fetch_add(read->bytes, std::memory_order_relaxed);
  reply out = reply::ok(std::move(header));
  out.files = std::move(read->ranges);
  co_return out;
}

boost::asio::awaitable<reply> handle_flush_unsaved_buffer(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_flush_unsaved_buffer_request(payload));
  const auto found = authorized_topic(ctx, req.stream, req.topic, auth::topic_right::send);
  if (found.error) co_return reply::error(*found.error);
  if (req.partition_id >= found.topic->partitions_count) co_return reply::error(status::partition_not_found);
  const partition_key key{found.stream->id, found.topic->id, req.partition_id};
  co_await ctx.b.hop(ctx.b.owner_of(key));
  result<void, status> outcome;
  partition_ref p = ctx.b.find_partition(key);
  if (!p) {
    outcome = fail(status::partition_not_found);
  } else if (req.fsync) {
    // Every acknowledged message is already in the page cache; only the sync is left.
    if (auto r = co_await p->log().async_sync(); !r) outcome = fail(to_status(r.error()));
  }
  co_await ctx.b.hop(ctx.home);
  if (!outcome) co_return reply::error(outcome.error());
  co_return reply::ok();
}

}  // namespace whippet::server::handlers
