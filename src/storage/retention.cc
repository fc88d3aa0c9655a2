// partition_log retention: whole sealed segments, oldest first; the active
// segment is never deleted (purge aside).

#include "base/log.h"
#include "storage/partition_log.h"

namespace whippet::storage {

result<void, errc> partition_log::remove_segment_files(const segment& s) {
  if (auto r = fs_.remove(s.log_path); !r) return fail(errc_from_errno(r.error()));
  if (auto r = fs_.remove(s.index_path); !r) return fail(errc_from_errno(r.error()));
  return {};
}

result<size_t, errc> partition_log::delete_expired_segments(std::chrono::microseconds expiry) {
  std::unique_lock lock(mutex_);
  wait_for_writer_locked(lock);
  const uint64_t now = now_us();
  size_t deleted = 0;
  while (segments_.size() > 1) {
    const segment& s = *segments_.front();
    // Age, not last_timestamp + expiry: that sum can wrap for a large expiry.
    const uint64_t age = now > s.last_timestamp ? now - s.last_timestamp : 0;
    if (!s.empty() && age < static_cast<uint64_t>(expiry.count())) break;
    if (auto r = remove_segment_files(s); !r) return fail(r.error());
    segments_.erase(segments_.begin());
    ++deleted;
  }
  if (deleted > 0) log::info("partition {}: deleted {} expired segment(s)", dir_.string(), deleted);
  return deleted;
}

result<size_t, errc> partition_log::enforce_max_size(uint64_t max_bytes) {
  std::unique_lock lock(mutex_);
  wait_for_writer_locked(lock);
  uint64_t total = 0;
  for (const auto& s : segments_) total += s->size;
  size_t deleted = 0;
  while (segments_.size() > 1 && total > max_bytes) {
    const segment& s = *segments_.front();
    if (auto r = remove_segment_files(s); !r) return fail(r.error());
    total -= s.size;
    segments_.erase(segments_.begin());
    ++deleted;
  }
  if (deleted > 0) log::info("partition {}: deleted {} segment(s) over the size limit", dir_.string(), deleted);
  return deleted;
}

result<size_t, errc> partition_log::delete_oldest_segments(size_t count) {
  std::unique_lock lock(mutex_);
  wait_for_writer_locked(lock);
  size_t deleted = 0;
  while (deleted < count && segments_.size() > 1) {
    if (auto r = remove_segment_files(*segments_.front()); !r) return fail(r.error());
    segments_.erase(segments_.begin());
    ++deleted;
  }
  return deleted;
}

result<void, errc> partition_log::purge() {
  std::unique_lock lock(mutex_);
  wait_for_writer_locked(lock);
  for (const auto& s : segments_) {
    if (auto r = remove_segment_files(*s); !r) return fail(r.error());
  }
  segments_.clear();
  auto fresh = create_segment(fs_, dir_, 0);
  if (!fresh) {
    failed_ = true;
    return fail(fresh.error());
  }
  segments_.push_back(std::move(*fresh));
  if (auto r = fs_.sync_directory(dir_); !r) return fail(errc_from_errno(r.error()));
  log::info("partition {}: purged", dir_.string());
  return {};
}

}  // namespace whippet::storage
