// partition_log retention: whole sealed segments, oldest first; the active
// segment is never deleted (purge aside). Each runs in the writer's turn, so
// that no append, roll or purge sees a segment half removed. Unlinking is
// quick even for a large segment: its blocks are freed when the last open
// descriptor closes (after the last read that holds it).

#include "base/log.h"
#include "runtime/run_blocking.h"
#include "storage/partition_log.h"
#include "storage/direct_appender.h"

namespace whippet::storage {

partition_log::awaitable_void partition_log::remove_segment_files(const segment& s) {
  if (auto r = co_await fs_.async_remove(s.log_path); !r) co_return fail(errc_from_errno(r.error()));
  if (auto r = co_await fs_.async_remove(s.index_path); !r) co_return fail(errc_from_errno(r.error()));
  co_return result<void, errc>{};
}

// Removes sealed segments from the front while `expired` says so.
partition_log::awaitable_count partition_log::remove_front_segments(std::function<bool(const segment&)> expired,
                                                                    const char* why) {
  auto turn = co_await write_lane_.enter();
  size_t deleted = 0;
  while (segments_.size() > 1 && expired(*segments_.front())) {
    if (auto r = co_await remove_segment_files(*segments_.front()); !r) co_return fail(r.error());
    segments_.erase(segments_.begin());
    ++deleted;
  }
  if (deleted > 0 && why != nullptr) log::info("partition {}: deleted {} segment(s) {}", dir_.string(), deleted, why);
  co_return deleted;
}

partition_log::awaitable_count partition_log::async_delete_expired_segments(std::chrono::microseconds expiry) {
  const uint64_t now = now_us();
  return remove_front_segments(
      [now, expiry](const segment& s) {
        // Age, not last_timestamp + expiry: that sum can wrap for a large expiry.
        const uint64_t age = now > s.last_timestamp ? now - s.last_timestamp : 0;
        return s.empty() || age >= static_cast<uint64_t>(expiry.count());
      },
      "that expired");
}

partition_log::awaitable_count partition_log::async_enforce_max_size(uint64_t max_bytes) {
  // The total is counted once the turn is taken, then kept as segments go.
  auto total = std::make_shared<std::optional<uint64_t>>();
  return remove_front_segments(
      [this, total, max_bytes](const segment& s) {
        if (!*total) *total = size_bytes();
        if (**total <= max_bytes) return false;
        **total -= s.size;
        return true;
      },
      "over the size limit");
}

partition_log::awaitable_count partition_log::async_delete_oldest_segments(size_t count) {
  auto left = std::make_shared<size_t>(count);
  return remove_front_segments([left](const segment&) { return *left > 0 && (*left)--; }, nullptr);
}

partition_log::awaitable_void partition_log::async_purge() {
  auto turn = co_await write_lane_.enter();
  auto synced = co_await settle();  // appends in flight end first, durable or failed
  // The old segments stay readable (their files open) until the new one is
  // in place: a read meanwhile sees the messages being purged, never nothing.
  for (const auto& s : segments_) {
    if (auto r = co_await remove_segment_files(*s); !r) co_return fail(r.error());
  }
  auto fresh = co_await create_segment(fs_, dir_, 0);
  if (!fresh) {
    failed_ = true;
    co_return fail(fresh.error());
  }
  segments_.assign(1, std::move(*fresh));
  if (direct_) direct_->forget();
  unsynced_sealed_.clear();
  unsynced_bytes_ = 0;
  if (auto r = co_await fs_.async_sync_directory(dir_); !r) co_return fail(errc_from_errno(r.error()));
  log::info("partition {}: purged", dir_.string());
  co_return result<void, errc>{};
}

partition_log::awaitable_void partition_log::async_remove_files() {
  auto turn = co_await write_lane_.enter();
  closed_ = true;
  auto synced = co_await settle();
  result<void, errc> outcome;
  for (const auto& s : segments_)
    if (auto r = co_await remove_segment_files(*s); !r && outcome) outcome = r;
  co_return outcome;
}

result<size_t, errc> partition_log::delete_expired_segments(std::chrono::microseconds expiry) {
  return runtime::run_blocking(async_delete_expired_segments(expiry));
}
result<size_t, errc> partition_log::enforce_max_size(uint64_t max_bytes) {
  return runtime::run_blocking(async_enforce_max_size(max_bytes));
}
result<size_t, errc> partition_log::delete_oldest_segments(size_t count) {
  return runtime::run_blocking(async_delete_oldest_segments(count));
}
result<void, errc> partition_log::purge() { return runtime::run_blocking(async_purge()); }

}  // namespace whippet::storage
