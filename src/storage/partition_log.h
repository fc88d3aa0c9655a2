#pragma once
// partition_log: one partition's append-only log: a directory of segments
// named by base offset, each a .log of messages and a sparse .index.
//
// Ownership and threads: a partition belongs to one shard, and everything
// below runs on that shard's thread, as coroutines whose file operations go
// through the shard's ring: nothing here blocks the thread, and nothing is
// locked. The blocking twins at the end run the same coroutines to their end
// off the shards (start-up, tools, tests).
//
// One writer at a time (the write lane): appends, rolls, retention, purge,
// reopening and closing take turns. An append that arrives while the writer
// is busy queues; the next writer takes every batch queued behind it, writes
// them with one vectored write, and acknowledges them all: group commit, for
// any number of producers, with no thread per waiting writer.
//
// Under `always` the write and the fdatasync are a pipeline: a group leaves
// the write lane as soon as it is written and waits for durability in the
// sync lane, so the next group is written while the previous one syncs. The
// sync lane holder makes durable every group written before its fdatasync
// began (groups are numbered in write order; one sync covers them all) and
// only then publishes them, in order: a reader sees a message only once it
// is on disk, and segment::size never covers bytes that are not. A failed
// sync fails every group not yet published (the page cache is not trusted
// after an fsync error), and the file is cut back to the last durable byte.
// Reads take no turn: they see published bytes only (segment::size), copied
// before they suspend.
//
// Durability when an append returns OK:
//   never    - the batch is in the page cache (survives a process crash).
//   interval - as never; the owner calls sync_if_due() from a timer, off the
//              append path, so that a large sync never stalls an append.
//   always   - the batch is on disk (fdatasync), shared with concurrent appends,
//              and so is everything needed to find it after a power cut: the
//              segment's directory entry and, for a new partition, every
//              directory entry up to config.durable_root.
// sync() covers every segment rolled since the last one and the directory, in
// every mode; syncs take turns, so none returns before what it was called for
// is on disk. close() (a clean shutdown) syncs what is not yet synced.
//
// Space: the active segment grows by `preallocate` steps (fallocate), so
// that an fdatasync commits data, not a new file length, each time; a full
// disk falls back to the exact size. The space ahead of the writer is trimmed
// on roll, on close and on recovery.
//
// With `direct_io` a group's bytes bypass the page cache (O_DIRECT, whole
// blocks, storage/direct_appender.h); durability and what readers see are
// the same either way.
//
// A failed write is cut back to the last acknowledged byte, so no message of
// a refused batch can come back after a restart; a full disk fails only the
// appends that do not fit. After a failed sync (or a cut that failed) the
// partition is `failed()` until the next append reopens it from disk (the
// page cache is not trusted after an fsync error); appends are refused with
// errc::partition_failed only while that reopening fails.

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "base/log.h"
#include "base/result.h"
#include "runtime/lane.h"
#include "storage/errc.h"
#include "storage/file.h"
#include "storage/message_batch.h"
#include "storage/segment.h"

namespace whippet::storage {

class direct_appender;

enum class sync_mode { never, interval, always };

struct sync_policy {
  sync_mode mode = sync_mode::never;
  std::chrono::milliseconds interval{1000};  // for sync_mode::interval
};

struct partition_config {
  uint64_t segment_size = 1ull << 30;             // roll when the next batch would pass it
  std::chrono::microseconds segment_max_age{0};   // roll when the first message is older; 0 = never
  uint32_t index_interval_bytes = 4096;           // one index entry per this many log bytes
  uint64_t preallocate = 32ull << 20;             // the active segment grows by this much; 0 = as written
  // Appends bypass the page cache (O_DIRECT, storage/direct_appender.h);
  // where the file system cannot, they go through it after all.
  bool direct_io = false;
  // With direct_io: bytes of recent appends kept in memory to serve reads,
  // for all the direct partitions of a shard together.
  uint64_t tail_cache = 64ull << 20;
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
// Or, from a direct partition's tail cache (storage/direct_appender.h), the
// same bytes in memory: `memory` is set, and `keep` keeps it alive.
struct file_range {
  std::shared_ptr<file> owner;
  int fd = -1;
  uint64_t position = 0;
  uint64_t length = 0;
  const uint8_t* memory = nullptr;
  std::shared_ptr<const void> keep;
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
  uint64_t truncated_bytes = 0;     // torn or corrupt tails cut off
  uint64_t preallocated_bytes = 0;  // unwritten space allocated ahead, trimmed
  size_t indexes_rebuilt = 0;
};

class partition_log {
 public:
  using awaitable_void = boost::asio::awaitable<result<void, errc>>;
  using awaitable_read = boost::asio::awaitable<result<read_result, errc>>;
  using awaitable_count = boost::asio::awaitable<result<size_t, errc>>;

  // Opens the partition in `dir`, recovering its segments, or creates it
  // when the directory is new.
  static boost::asio::awaitable<result<std::unique_ptr<partition_log>, errc>> async_open(file_system& fs,
                                                                                       std::filesystem::path dir,
                                                                                       partition_config config);
  // Creates a new, empty partition in `dir` (which need not exist yet),
  // without reading the directory: for a partition the catalog just made.
  static boost::asio::awaitable<result<std::unique_ptr<partition_log>, errc>> async_create(file_system& fs,
                                                                                         std::filesystem::path dir,
                                                                                         partition_config config);
  // Off the shards, a partition not closed is closed here; on its shard, a
  // partition is destroyed only when it is deleted, and nothing is written.
  ~partition_log();
  partition_log(const partition_log&) = delete;
  partition_log& operator=(const partition_log&) = delete;

  // Stamps offsets, timestamps, ids (where 0) and checksums into the batch's
  // bytes and appends them. Nothing of a batch is acknowledged unless all of
  // it is. The batch's bytes must live until the coroutine resumes.
  boost::asio::awaitable<result<append_result, errc>> async_append(const message_batch& batch);

  // fdatasync now (flush_unsaved_buffer with fsync).
  awaitable_void async_sync();
  // Syncs if the policy is `interval` and the last sync is older than it.
  awaitable_void async_sync_if_due();

  // Up to `max_count` messages from `offset`, at most `max_bytes` (but always
  // at least one message when any is there).
  awaitable_read async_read(uint64_t offset, uint32_t max_count, uint64_t max_bytes) const;
  // From the first message whose timestamp is at or after `timestamp_us`.
  awaitable_read async_read_from_timestamp(uint64_t timestamp_us, uint32_t max_count, uint64_t max_bytes) const;
  awaitable_read async_read_first(uint32_t max_count, uint64_t max_bytes) const;
  // The newest `max_count` messages.
  awaitable_read async_read_last(uint32_t max_count, uint64_t max_bytes) const;

  // Retention: whole sealed segments only, never the active one.
  awaitable_count async_delete_expired_segments(std::chrono::microseconds expiry);
  awaitable_count async_enforce_max_size(uint64_t max_bytes);
  awaitable_count async_delete_oldest_segments(size_t count);
  // Deletes every message; the partition starts again, empty, at offset 0.
  awaitable_void async_purge();
  // Waits for the writer, writes the index, trims the space allocated ahead
  // and syncs what is not yet synced: a clean shutdown.
  awaitable_void async_close();
  // Deletes the partition's segment files, after the writer's turn; nothing
  // can be appended afterwards (reads in flight keep their files open).
  awaitable_void async_remove_files();
  // Bytes of recent appends a direct partition keeps in memory (its part of
  // the shard's tail cache).
  uint64_t tail_cache_bytes() const noexcept;

  // The blocking twins, off the shards only (runtime::run_blocking).
  static result<std::unique_ptr<partition_log>, errc> open(file_system& fs, std::filesystem::path dir,
                                                           partition_config config);
  result<append_result, errc> append(const message_batch& batch);
  result<void, errc> sync();
  result<void, errc> sync_if_due();
  result<read_result, errc> read(uint64_t offset, uint32_t max_count, uint64_t max_bytes) const;
  result<read_result, errc> read_from_timestamp(uint64_t timestamp_us, uint32_t max_count, uint64_t max_bytes) const;
  result<read_result, errc> read_first(uint32_t max_count, uint64_t max_bytes) const;
  result<read_result, errc> read_last(uint32_t max_count, uint64_t max_bytes) const;
  result<size_t, errc> delete_expired_segments(std::chrono::microseconds expiry);
  result<size_t, errc> enforce_max_size(uint64_t max_bytes);
  result<size_t, errc> delete_oldest_segments(size_t count);
  result<void, errc> purge();
  result<void, errc> close();

  uint64_t next_offset() const;
  std::optional<uint64_t> last_offset() const;
  uint64_t first_offset() const;  // oldest retained offset (== next_offset when empty)
  uint64_t message_count() const;
  uint64_t size_bytes() const;
  size_t segment_count() const;
  bool failed() const { return failed_; }
  const recovery_report& recovery() const noexcept { return recovery_; }
  const std::filesystem::path& directory() const noexcept { return dir_; }
  // Appends queued behind the writer, and groups written but not yet
  // durable (for tests and metrics).
  size_t queued_appends() const noexcept { return pending_.size(); }
  size_t groups_in_flight() const noexcept { return inflight_.size(); }

 private:
  struct writer;
  struct group;
  struct tail_state;
  struct segment_view;
  partition_log(file_system& fs, std::filesystem::path dir, partition_config config);

  uint64_t now_us() const;
  awaitable_void make_directory_durable();
  awaitable_void load_segments(std::vector<std::string> names);
  awaitable_void create_first_segment();
  boost::asio::awaitable<bool> reopen();
  awaitable_void roll();
  awaitable_void grow(segment& s, uint64_t end);
  awaitable_void trim(segment& s);
  awaitable_void remove_segment_files(const segment& s);
  awaitable_count remove_front_segments(std::function<bool(const segment&)> expired, const char* why);
  tail_state tail() const;
  boost::asio::awaitable<void> lead();
  boost::asio::awaitable<result<void, int>> write_group(const std::shared_ptr<segment>& seg, std::span<iovec> iov,
                                                        uint64_t start, uint64_t end);
  void publish(group& g);
  static void fail_group(group& g, errc e);
  awaitable_void sync_turn();
  boost::asio::awaitable<void> await_durable(writer& self);
  boost::asio::awaitable<runtime::lane::turn> settle();
  boost::asio::awaitable<void> abandon(errc e);
  boost::asio::awaitable<void> persist_index_if_lagging(segment& s);
  awaitable_read read_from(uint64_t offset, uint32_t max_count, uint64_t max_bytes) const;
  boost::asio::awaitable<result<uint64_t, errc>> position_of(const segment_view& s, uint64_t offset) const;
  boost::asio::awaitable<result<walk_end, errc>> walk(const segment_view& v, uint64_t from,
                                                      message_visitor visit) const;
  void add_range(read_result& out, const segment_view& v, uint64_t start, uint64_t end) const;

  file_system& fs_;
  const std::filesystem::path dir_;
  const partition_config config_;
  recovery_report recovery_;

  runtime::lane write_lane_;  // the writer's turn
  runtime::lane sync_lane_;   // one sync at a time
  runtime::lane io_lane_;     // held while a group's bytes are written
  std::deque<writer*> pending_;  // appends not yet taken into a group, in arrival order
  std::unique_ptr<group> writing_;              // the group being written
  std::deque<std::unique_ptr<group>> inflight_;  // always: written, not yet durable, in write order
  uint64_t written_seq_ = 0;  // groups written so far
  uint64_t synced_seq_ = 0;   // ... of which durable and published
  bool failed_ = false;
  errc failure_ = errc::io_error;  // why, while failed_
  bool closed_ = false;
  bool can_preallocate_ = true;  // false once the file system said it cannot
  std::vector<std::shared_ptr<segment>> segments_;  // oldest first; back() is active; never empty
  uint64_t last_timestamp_ = 0;
  uint64_t last_sync_us_ = 0;
  uint64_t unsynced_bytes_ = 0;
  std::vector<std::shared_ptr<segment>> unsynced_sealed_;  // interval: rolled before their sync
  bool directory_dirty_ = false;                           // a segment file created since the last sync
  std::unique_ptr<direct_appender> direct_;  // with config.direct_io
  std::mt19937_64 id_rng_;
  log::rate_limiter append_lines_{5, 1000};
  log::rate_limiter reopen_lines_{5, 1000};
};

// Copies the bytes a read_result names (for tests, tools and transports that
// cannot use sendfile).
result<std::vector<uint8_t>, errc> read_bytes(const read_result& r);

}  // namespace whippet::storage
