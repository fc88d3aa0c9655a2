#pragma once
// partition_log: one partition's append-only log: a directory of segments
// named by base offset, each a .log of messages and a sparse .index.
//
// Ownership and threads: a partition belongs to one shard, but its appends
// may come from several threads (the shard and its I/O workers). Writers
// queue; the writer at the head of the queue takes every batch queued behind
// it, writes them with one vectored write, syncs once if the policy asks,
// then acknowledges them all (group commit, as LevelDB's write path). Only
// that writer touches the files; the mutex guards the bookkeeping and is
// never held during a log write or sync.
//
// Durability when append() returns OK:
//   never    - the batch is in the page cache (survives a process crash).
//   interval - as never; the owner calls sync_if_due() from a timer, off the
//              append path, so that a large sync never stalls an append.
//   always   - the batch is on disk (fdatasync), shared with concurrent appends,
//              and so is everything needed to find it after a power cut: the
//              segment's directory entry and, for a new partition, every
//              directory entry up to config.durable_root.
// sync() covers every segment rolled since the last one and the directory, in
// every mode; concurrent calls are serialised, so none returns before what
// it was called for is on disk. Destruction (a clean shutdown) syncs what is
// not yet synced.
// A failed write is cut back to the last acknowledged byte, so no message of
// a refused batch can come back after a restart; a full disk fails only the
// appends that do not fit. After a failed sync (or a cut that failed) the
// partition is `failed()` until the next append reopens it from disk (the
// page cache is not trusted after an fsync error); appends are refused with
// errc::partition_failed only while that reopening fails.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

#include "base/log.h"
#include "base/result.h"
#include "storage/errc.h"
#include "storage/file.h"
#include "storage/message_batch.h"
#include "storage/segment.h"

namespace whippet::storage {

enum class sync_mode { never, interval, always };

struct sync_policy {
  sync_mode mode = sync_mode::never;
  std::chrono::milliseconds interval{1000};  // for sync_mode::interval
};

struct partition_config {
  uint64_t segment_size = 1ull << 30;             // roll when the next batch would pass it
  std::chrono::microseconds segment_max_age{0};   // roll when the first message is older; 0 = never
  uint32_t index_interval_bytes = 4096;           // one index entry per this many log bytes
  sync_policy sync;
  message_limits limits;
  std::function<uint64_t()> clock_us;             // µs since the epoch; system clock when empty
  // The data directory: a partition directory that open() creates is made
  // durable with every directory entry above it up to and including this one.
  std::filesystem::path durable_root;
};

struct append_result {
  uint64_t first_offset = 0;
  uint64_t last_offset = 0;
  uint64_t timestamp = 0;  // the append time stamped on every message of the batch
};

// A byte range of a segment file: what a reader sends with sendfile(2).
// `owner` keeps the file open even if retention deletes the segment meanwhile.
struct file_range {
  std::shared_ptr<file> owner;
  int fd = -1;
  uint64_t position = 0;
  uint64_t length = 0;
};

// The answer to a read: whole messages only, in offset order. Every
// acknowledged message is in its segment file, so the ranges cover them all.
struct read_result {
  uint64_t first_offset = 0;
  uint32_t count = 0;
  uint64_t bytes = 0;
  std::vector<file_range> ranges;
};

struct recovery_report {
  size_t segments = 0;
  uint64_t truncated_bytes = 0;
  size_t indexes_rebuilt = 0;
};

class partition_log {
 public:
  static result<std::unique_ptr<partition_log>, errc> open(file_system& fs, std::filesystem::path dir,
                                                           partition_config config);
  ~partition_log();
  partition_log(const partition_log&) = delete;
  partition_log& operator=(const partition_log&) = delete;

  // Stamps offsets, timestamps, ids (where 0) and checksums into the batch's
  // bytes and appends them. Nothing of a batch is acknowledged unless all of it is.
  result<append_result, errc> append(const message_batch& batch);

  // fdatasync now (flush_unsaved_buffer with fsync).
  result<void, errc> sync();
  // Syncs if the policy is `interval` and the last sync is older than it.
  result<void, errc> sync_if_due();

  // Up to `max_count` messages from `offset`, at most `max_bytes` (but always
  // at least one message when any is there).
  result<read_result, errc> read(uint64_t offset, uint32_t max_count, uint64_t max_bytes) const;
  // From the first message whose timestamp is at or after `timestamp_us`.
  result<read_result, errc> read_from_timestamp(uint64_t timestamp_us, uint32_t max_count, uint64_t max_bytes) const;
  result<read_result, errc> read_first(uint32_t max_count, uint64_t max_bytes) const;
  // The newest `max_count` messages.
  result<read_result, errc> read_last(uint32_t max_count, uint64_t max_bytes) const;

  // Retention: whole sealed segments only, never the active one.
  result<size_t, errc> delete_expired_segments(std::chrono::microseconds expiry);
  result<size_t, errc> enforce_max_size(uint64_t max_bytes);
  result<size_t, errc> delete_oldest_segments(size_t count);
  // Deletes every message; the partition starts again, empty, at offset 0.
  result<void, errc> purge();

  uint64_t next_offset() const;
  std::optional<uint64_t> last_offset() const;
  uint64_t first_offset() const;  // oldest retained offset (== next_offset when empty)
  uint64_t message_count() const;
  uint64_t size_bytes() const;
  size_t segment_count() const;
  bool failed() const;
  const recovery_report& recovery() const noexcept { return recovery_; }
  const std::filesystem::path& directory() const noexcept { return dir_; }

 private:
  struct writer;
  partition_log(file_system& fs, std::filesystem::path dir, partition_config config);

  uint64_t now_us() const;
  result<void, errc> load_segments();
  bool reopen_locked();
  result<void, errc> roll_locked(uint64_t base_offset);
  result<void, errc> remove_segment_files(const segment& s);
  void wait_for_writer_locked(std::unique_lock<std::mutex>& lock);
  result<read_result, errc> read_locked(uint64_t offset, uint32_t max_count, uint64_t max_bytes) const;
  result<uint64_t, errc> position_of(const segment& s, uint64_t offset) const;

  file_system& fs_;
  const std::filesystem::path dir_;
  const partition_config config_;
  recovery_report recovery_;

  mutable std::mutex mutex_;
  std::mutex sync_mutex_;  // one sync() at a time; taken before mutex_, never inside it
  std::condition_variable cv_;
  std::deque<writer*> writers_;
  bool writing_ = false;  // the head writer is doing I/O without the lock
  bool failed_ = false;
  std::vector<std::shared_ptr<segment>> segments_;  // oldest first; back() is active
  uint64_t last_timestamp_ = 0;
  uint64_t last_sync_us_ = 0;
  uint64_t unsynced_bytes_ = 0;
  std::vector<std::shared_ptr<segment>> unsynced_sealed_;  // interval: rolled before their sync
  bool directory_dirty_ = false;                           // a segment file created since the last sync
  std::mt19937_64 id_rng_;
  log::rate_limiter append_lines_{5, 1000};
  log::rate_limiter reopen_lines_{5, 1000};
};

// Copies the bytes a read_result names (for tests, tools and transports that
// cannot use sendfile).
result<std::vector<uint8_t>, errc> read_bytes(const read_result& r);

}  // namespace whippet::storage
