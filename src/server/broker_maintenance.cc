// Background work on every shard, over the partitions it owns: the retention
// cleaner (message expiry, topic size) and the message saver (periodic sync
// of unsaved data when enforce_fsync is off).

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/log.h"
#include "server/broker.h"
#include "runtime/waits.h"
#include "server/broker_shard.h"

namespace whippet::server {
namespace asio = boost::asio;

namespace {
// The partitions a shard owns, held so that a delete waits for the work on them.
std::vector<std::pair<partition_key, partition_ref>> held_partitions(
    std::unordered_map<partition_key, std::shared_ptr<partition>, partition_key_hash>& partitions) {
  std::vector<std::pair<partition_key, partition_ref>> held;
  for (auto& [key, p] : partitions)
    if (auto ref = partition_ref::enter(p)) held.emplace_back(key, std::move(ref));
  return held;
}
}  // namespace

asio::awaitable<void> broker::save_unsaved(unsigned shard) {
  // Each sync waits on the shard's ring; the shard serves meanwhile.
  for (auto& [key, p] : held_partitions(shards_[shard]->partitions)) {
    if (auto r = co_await p->log().async_sync_if_due(); !r)
      log::error("message saver: {}: {}", p->directory().string(), storage::to_string(r.error()));
  }
}

asio::awaitable<void> broker::clean_partitions(unsigned shard) {
  auto& state = *shards_[shard];
  const auto& st = cfg_.storage;
  for (auto& [key, p] : held_partitions(state.partitions)) {
    const auto snap = metadata_.snapshot(shard);  // the latest, as each partition's turn comes
    const metadata::stream* s = snap->find_stream(key.stream);
    const metadata::topic* t = s ? snap->find_topic(*s, key.topic) : nullptr;
    if (t == nullptr) continue;
    auto& log = p->log();
    std::optional<std::chrono::microseconds> expiry = st.default_message_expiry;
    if (t->message_expiry == UINT64_MAX) expiry.reset();
    else if (t->message_expiry != 0) expiry = std::chrono::microseconds(t->message_expiry);
    std::optional<uint64_t> max_size = st.default_max_topic_size;
    if (t->max_topic_size == UINT64_MAX) max_size.reset();
    else if (t->max_topic_size != 0) max_size = t->max_topic_size;
    const uint32_t partitions = t->partitions_count;
    if (expiry) (void)co_await log.async_delete_expired_segments(*expiry);
    // The topic's budget is shared equally by its partitions.
    if (max_size && partitions > 0) (void)co_await log.async_enforce_max_size(*max_size / partitions);
  }
}

void broker::start_maintenance() {
  const auto& st = cfg_.storage;
  const bool saver = !st.enforce_fsync && st.message_saver_enabled;
  if (!st.cleaner_enabled && !saver) return;
  auto tick = std::chrono::milliseconds(60000);
  if (st.cleaner_enabled) tick = std::min(tick, st.cleaner_interval);
  if (saver) tick = std::min(tick, st.message_saver_interval);
  for (unsigned i = 0; i < shards_.size(); ++i) {
    shards_[i]->maintenance_timer = std::make_unique<asio::steady_timer>(pool_.context(i));
    asio::co_spawn(
        pool_.context(i),
        [this, i, tick, saver]() -> asio::awaitable<void> {
          const runtime::counted_wait running(runtime::wait_kind::maintenance_loop);
          auto& timer = *shards_[i]->maintenance_timer;
          auto next_clean = std::chrono::steady_clock::now() + cfg_.storage.cleaner_interval;
          // stop() cancels a wait in progress; one that starts after it
          // (a pass over the partitions was running) sees `stopping_`.
          while (!stopping_) {
            timer.expires_after(tick);
            auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
            if (ec || stopping_) co_return;
            if (cfg_.storage.cleaner_enabled && std::chrono::steady_clock::now() >= next_clean) {
              next_clean = std::chrono::steady_clock::now() + cfg_.storage.cleaner_interval;
              co_await clean_partitions(i);
            }
            if (saver) co_await save_unsaved(i);
          }
        },
        [](std::exception_ptr e) { runtime::log_if_failed("maintenance", e); });
  }
}

void broker::stop() {
  stopping_ = true;
  for (unsigned i = 0; i < shards_.size(); ++i) {
    pool_.post(i, [this, i] {
      if (shards_[i]->maintenance_timer) shards_[i]->maintenance_timer->cancel();
    });
  }
}

}  // namespace whippet::server
