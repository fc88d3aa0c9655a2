#include "storage/partition_log.h"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

#include "base/log.h"
#include "bytes/checksum.h"
#include "runtime/run_blocking.h"
#include "runtime/shard_pool.h"
#include "storage/direct_appender.h"

namespace whippet::storage {
namespace asio = boost::asio;
namespace {
// A group commit writes at most this much in one go (plus one batch).
constexpr uint64_t k_max_group_bytes = 64ull << 20;
// The log bytes the index file may lag behind by while a segment is active.
constexpr uint64_t k_index_lag = 16ull << 20;
}  // namespace

// Appends written together: one vectored write, one place in the sync order.
struct partition_log::group {
  std::vector<writer*> writers;  // in arrival order; null where an append's coroutine is gone
  std::shared_ptr<segment> seg;
  uint64_t seq = 0;              // its place in write order
  uint64_t first_offset = 0;
  uint64_t count = 0;            // messages
  uint64_t timestamp = 0;
  uint64_t start = 0;            // where its bytes begin in the segment's log
  uint64_t end = 0;              // ... and end
  std::vector<index_entry> entries;
  bool have_entry = false;       // the index's state after it
  uint64_t last_entry_position = 0;
};

struct partition_log::writer {
  partition_log& log;
  const message_batch* batch = nullptr;
  group* in = nullptr;  // the group that took it, once taken
  size_t slot = 0;      // ... and its place there
  bool done = false;
  result<append_result, errc> outcome = fail(errc::io_error);
  // A waiting append whose coroutine is destroyed (a context shutting down)
  // leaves the queue or its group, so no writer ever reaches freed memory.
  ~writer() {
    if (done) return;
    if (in != nullptr) {
      in->writers[slot] = nullptr;
    } else {
      std::erase(log.pending_, this);
    }
  }
};

// Where the next group goes: after the last one written, published or not.
struct partition_log::tail_state {
  uint64_t position = 0;
  uint64_t next_offset = 0;
  uint64_t first_timestamp = 0;  // of the active segment's first message, written or published; 0 if none
  bool have_entry = false;
  uint64_t last_entry_position = 0;
};

partition_log::partition_log(file_system& fs, std::filesystem::path dir, partition_config config)
    : fs_(fs), dir_(std::move(dir)), config_(std::move(config)),
      direct_(config_.direct_io ? std::make_unique<direct_appender>(config_.tail_cache) : nullptr), id_rng_(std::random_device{}()) {}

partition_log::~partition_log() {
  if (closed_ || failed_ || segments_.empty()) return;
  if (runtime::shard_pool::current_shard() >= 0) return;  // deleted: its files go with it
  (void)runtime::run_blocking(async_close());
}

uint64_t partition_log::tail_cache_bytes() const noexcept { return direct_ ? direct_->cached_bytes() : 0; }

uint64_t partition_log::now_us() const {
  if (config_.clock_us) return config_.clock_us();
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

namespace {
bool valid(const partition_config& config) {
  return config.index_interval_bytes != 0 && config.segment_size != 0 && config.segment_size <= (1ull << 32) - 1;
}
}  // namespace

asio::awaitable<result<std::unique_ptr<partition_log>, errc>> partition_log::async_open(file_system& fs,
                                                                                      std::filesystem::path dir,
                                                                                      partition_config config) {
  if (!valid(config)) co_return fail(errc::invalid_argument);
  auto names = fs.list(dir);  // one listing: whether it exists, and what it holds
  if (!names) co_return co_await async_create(fs, std::move(dir), std::move(config));
  std::unique_ptr<partition_log> p(new partition_log(fs, std::move(dir), std::move(config)));
  if (auto r = co_await p->load_segments(std::move(*names)); !r) co_return fail(r.error());
  p->last_sync_us_ = p->now_us();
  co_return p;
}

asio::awaitable<result<std::unique_ptr<partition_log>, errc>> partition_log::async_create(file_system& fs,
                                                                                        std::filesystem::path dir,
                                                                                        partition_config config) {
  if (!valid(config)) co_return fail(errc::invalid_argument);
  std::unique_ptr<partition_log> p(new partition_log(fs, std::move(dir), std::move(config)));
  if (auto r = co_await p->make_directory_durable(); !r) co_return fail(r.error());
  if (auto r = co_await p->create_first_segment(); !r) co_return fail(r.error());
  p->last_sync_us_ = p->now_us();
  co_return p;
}

// The new directory's entry, and its parents' up to the data root, must
// survive a power cut for anything acknowledged in it to be found.
partition_log::awaitable_void partition_log::make_directory_durable() {
  if (auto r = co_await fs_.async_create_directories(dir_); !r) co_return fail(errc_from_errno(r.error()));
  for (auto at = dir_.parent_path(); !at.empty(); at = at.parent_path()) {
    if (auto r = co_await fs_.async_sync_directory(at); !r) co_return fail(errc_from_errno(r.error()));
    if (config_.durable_root.empty() || at == config_.durable_root || at == at.parent_path()) break;
  }
  co_return result<void, errc>{};
}

partition_log::awaitable_void partition_log::create_first_segment() {
  auto s = co_await create_segment(fs_, dir_, 0);
  if (!s) co_return fail(s.error());
  if (auto r = co_await fs_.async_sync_directory(dir_); !r) co_return fail(errc_from_errno(r.error()));
  segments_.assign(1, std::move(*s));
  co_return result<void, errc>{};
}

// Reads the directory's segments (`names`: its listing) into segments_,
// recovering each segment's tail and index, or creates the first segment of
// an empty partition.
partition_log::awaitable_void partition_log::load_segments(std::vector<std::string> names) {
  std::vector<uint64_t> bases;
  for (const auto& name : names) {
    if (auto base = parse_segment_file_name(name, ".log")) bases.push_back(*base);
  }
  for (const auto& name : names) {
    // An index without its log is a leftover of an interrupted deletion.
    if (auto base = parse_segment_file_name(name, ".index");
        base && std::find(bases.begin(), bases.end(), *base) == bases.end())
      (void)co_await fs_.async_remove(dir_ / name);
  }
  std::sort(bases.begin(), bases.end());
  if (bases.empty()) co_return co_await create_first_segment();

  // Built aside and swapped in whole: a failed reload leaves the old state.
  std::vector<std::shared_ptr<segment>> loaded;
  recovery_report report_total;
  uint64_t last_timestamp = 0;
  for (uint64_t base : bases) {
    segment_recovery report;
    auto s = co_await open_segment(fs_, dir_, base, config_.limits, config_.index_interval_bytes, report);
    if (!s) co_return fail(s.error());
    if (report.truncated_bytes > 0) {
      log::warn("partition {}: segment {} truncated by {} byte(s) at offset {}: {}", dir_.string(),
                segment_stem(base), report.truncated_bytes, (*s)->next_offset(), report.reason);
    }
    if (report.index_rebuilt) log::warn("partition {}: rebuilt index of segment {}", dir_.string(), segment_stem(base));
    report_total.truncated_bytes += report.truncated_bytes;
    report_total.preallocated_bytes += report.preallocated_bytes;
    report_total.indexes_rebuilt += report.index_rebuilt ? 1 : 0;
    if (!loaded.empty() && base < loaded.back()->next_offset()) {
      log::error("partition {}: segment {} overlaps the one before it", dir_.string(), segment_stem(base));
      co_return fail(errc::corrupt_data);
    }
    if (!(*s)->empty()) last_timestamp = (*s)->last_timestamp;
    loaded.push_back(std::move(*s));
  }
  report_total.segments = loaded.size();
  segments_ = std::move(loaded);
  recovery_ = report_total;
  last_timestamp_ = std::max(last_timestamp_, last_timestamp);
  co_return result<void, errc>{};
}

// After a failed write that could not be undone, or a failed fdatasync, the
// page cache is not to be trusted (an fsync error may have dropped dirty
// pages): every segment file is closed and read back from disk, as at
// start-up. Runs in the writer's turn.
asio::awaitable<bool> partition_log::reopen() {
  co_await abandon(failure_);
  if (direct_) direct_->forget();
  const std::string before = std::to_string(segments_.back()->next_offset());
  unsynced_sealed_.clear();
  unsynced_bytes_ = 0;
  directory_dirty_ = false;
  // Drop the cached pages, so that what is read back is what the disk holds.
  // (Advice only: the kernel starts the work and returns.)
  for (const auto& s : segments_) {
    if (s->log && s->log->fd() >= 0) (void)::posix_fadvise(s->log->fd(), 0, 0, POSIX_FADV_DONTNEED);
  }
  auto names = fs_.list(dir_);
  if (!names) {
    log::limited(reopen_lines_, log::level::error, "partition {}: cannot reopen from disk: {}", dir_.string(),
                 std::strerror(names.error()));
    co_return false;
  }
  if (auto r = co_await load_segments(std::move(*names)); !r) {
    log::limited(reopen_lines_, log::level::error, "partition {}: cannot reopen from disk: {}", dir_.string(),
                 to_string(r.error()));
    co_return false;
  }
  failed_ = false;
  log::warn("partition {}: reopened from disk after a failure (next offset {} before, {} now)", dir_.string(),
            before, segments_.back()->next_offset());
  co_return true;
}

// Gives the space allocated ahead of the writer back.
partition_log::awaitable_void partition_log::trim(segment& s) {
  if (s.allocated <= s.size) co_return result<void, errc>{};
  if (auto r = co_await s.log->async_truncate(s.size); !r) co_return fail(errc_from_errno(r.error()));
  s.allocated = s.size;
  co_return result<void, errc>{};
}

// Makes room for `needed` more bytes in the active segment: a whole step
// ahead when it can, the exact size when the disk is too full for a step.
// Failing here fails nothing: the write that follows says whether it fits.
partition_log::awaitable_void partition_log::grow(segment& s, uint64_t end) {
  const uint64_t step = config_.preallocate;
  if (step == 0 || !can_preallocate_ || end <= s.allocated) co_return result<void, errc>{};
  const uint64_t cap = std::max(config_.segment_size, end);
  const uint64_t target = std::min(cap, (end + step - 1) / step * step);
  auto r = co_await s.log->async_allocate(s.allocated, target - s.allocated);
  uint64_t reached = target;
  if (!r && (r.error() == ENOSPC || r.error() == EDQUOT) && target > end) {
    r = co_await s.log->async_allocate(s.allocated, end - s.allocated);
    reached = end;
  }
  if (r) {
    s.allocated = reached;
    co_return result<void, errc>{};
  }
  if (r.error() == EOPNOTSUPP || r.error() == ENOSYS || r.error() == EINVAL) can_preallocate_ = false;
  co_return fail(errc_from_errno(r.error()));
}

partition_log::awaitable_void partition_log::roll() {
  // Under `always`, everything written to the old segment is made durable
  // and published first, and no sync runs while it is sealed. (Otherwise
  // nothing is in flight, and a long sync by the timer must not hold up an
  // append.)
  std::optional<runtime::lane::turn> synced;
  if (config_.sync.mode == sync_mode::always) synced.emplace(co_await settle());
  if (failed_) co_return fail(failure_);
  auto& old = *segments_.back();
  const uint64_t base_offset = old.next_offset();
  if (auto r = co_await persist_index(old); !r) co_return r;
  if (auto r = co_await trim(old); !r) co_return r;
  old.direct.reset();  // sealed: nothing more is written to it
  if (config_.sync.mode == sync_mode::always) {
    // Its log is already on disk (every append synced it); make the rest so.
    if (auto r = co_await old.log->async_datasync(); !r) co_return fail(errc_from_errno(r.error()));
    if (old.index_file)
      if (auto r = co_await old.index_file->async_datasync(); !r) co_return fail(errc_from_errno(r.error()));
    old.index_file.reset();  // sealed: nothing more is written to it
  } else {
    unsynced_sealed_.push_back(segments_.back());  // the next sync() covers it, in either mode
  }
  auto s = co_await create_segment(fs_, dir_, base_offset);
  if (!s) co_return fail(s.error());
  if (config_.sync.mode == sync_mode::always) {
    if (auto r = co_await fs_.async_sync_directory(dir_); !r) co_return fail(errc_from_errno(r.error()));
  } else {
    directory_dirty_ = true;
  }
  segments_.push_back(std::move(*s));
  co_return result<void, errc>{};
}

asio::awaitable<result<append_result, errc>> partition_log::async_append(const message_batch& batch) {
  writer self{*this, &batch};
  pending_.push_back(&self);
  {
    auto turn = co_await write_lane_.enter();
    if (self.in == nullptr) co_await lead();  // no writer before it took it
  }
  if (!self.done) co_await await_durable(self);
  if (!self.done) co_return fail(errc::io_error);  // its writer's coroutine is gone (a context shutting down)
  co_return self.outcome;
}

partition_log::tail_state partition_log::tail() const {
  const segment& s = *segments_.back();
  tail_state t{s.size, s.next_offset(), s.first_timestamp, !s.index.empty(),
               s.index.empty() ? 0 : s.index.back().position};
  if (!inflight_.empty()) {  // all in the active segment: a roll settles them first
    const group& g = *inflight_.back();
    t.position = g.end;
    t.next_offset = g.first_offset + g.count;
    t.have_entry = g.have_entry;
    t.last_entry_position = g.last_entry_position;
    if (s.empty()) t.first_timestamp = inflight_.front()->timestamp;
  }
  return t;
}

// The writer's turn: the oldest append not yet taken takes the appends
// queued behind it as one group and writes them. Under `always` the
// group then waits for its sync outside the turn (await_durable); otherwise
// it is published here.
asio::awaitable<void> partition_log::lead() {
  auto taking = std::make_unique<group>();
  group& g = *taking;
  uint64_t group_bytes = 0;
  size_t taken = 0;
  for (writer* w : pending_) {
    const uint64_t n = w->batch->bytes().size();
    if (taken > 0 && group_bytes + n > k_max_group_bytes) break;
    w->in = &g;
    w->slot = g.writers.size();
    g.writers.push_back(w);
    group_bytes += n;
    ++taken;
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(taken));
  writing_ = std::move(taking);  // owned by the log while it is written
  const auto refuse = [&](errc e) {
    fail_group(g, e);
    writing_.reset();
  };

  if (closed_) co_return refuse(errc::partition_failed);
  if (failed_ && !co_await reopen()) co_return refuse(errc::partition_failed);

  const uint64_t now = now_us();
  tail_state t = tail();
  const bool has_data = t.next_offset > segments_.back()->base_offset;
  const bool too_big = t.position + group_bytes > config_.segment_size;
  const bool too_old = config_.segment_max_age.count() > 0 && has_data &&
                       now >= t.first_timestamp + static_cast<uint64_t>(config_.segment_max_age.count());
  if (has_data && (too_big || too_old)) {
    if (auto r = co_await roll(); !r) {
      failed_ = true;
      failure_ = r.error();
      log::error("partition {}: cannot roll to a new segment: {}", dir_.string(), to_string(r.error()));
      co_return refuse(r.error());
    }
    t = tail();
  }
  if (t.position + group_bytes > UINT32_MAX) co_return refuse(errc::invalid_argument);

  g.seg = segments_.back();
  segment& seg = *g.seg;
  g.first_offset = t.next_offset;
  g.timestamp = std::max(now, last_timestamp_);
  g.start = t.position;

  // Stamp every message in place, note where index entries fall, and give
  // each append its offsets (it is told them once they are committed).
  std::vector<iovec> iov;
  iov.reserve(g.writers.size());
  uint64_t offset = g.first_offset;
  uint64_t position = g.start;
  bool have_entry = t.have_entry;
  uint64_t last_entry_position = t.last_entry_position;
  for (writer* w : g.writers) {
    if (w == nullptr) continue;  // gone before it was written: nothing of it is
    const auto bytes = w->batch->bytes();
    const uint64_t first = offset;
    size_t at = 0;
    while (at < bytes.size()) {
      uint8_t* p = bytes.data() + at;
      const message_view m(p);
      bytes::store_le<uint64_t>(p + model::header_field::offset, offset);
      bytes::store_le<uint64_t>(p + model::header_field::timestamp, g.timestamp);
      if (bytes::load_le<uint64_t>(p + model::header_field::id) == 0 &&
          bytes::load_le<uint64_t>(p + model::header_field::id + 8) == 0) {
        // A random (version 4) UUID.
        uint64_t lo = id_rng_(), hi = id_rng_();
        hi = (hi & ~(0xfull << 12)) | (0x4ull << 12);
        lo = (lo & ~(0x3ull << 62)) | (0x2ull << 62);
        bytes::store_le<uint64_t>(p + model::header_field::id, lo);
        bytes::store_le<uint64_t>(p + model::header_field::id + 8, hi);
      }
      bytes::store_le<uint64_t>(p + model::header_field::checksum, m.compute_checksum());
      if (!have_entry || position - last_entry_position >= config_.index_interval_bytes) {
        g.entries.push_back(
            {static_cast<uint32_t>(offset - seg.base_offset), static_cast<uint32_t>(position), g.timestamp});
        last_entry_position = position;
        have_entry = true;
      }
      const uint64_t size = m.size();
      at += size;
      position += size;
      ++offset;
    }
    iov.push_back({bytes.data(), bytes.size()});
    w->outcome = append_result{first, offset - 1, g.timestamp};
  }
  g.count = offset - g.first_offset;
  g.end = position;
  g.have_entry = have_entry;
  g.last_entry_position = last_entry_position;

  // The bytes go down in the io lane, which a sync enters before its
  // fdatasync: a sync that begins while they are written covers them.
  std::optional<runtime::lane::turn> io(co_await io_lane_.enter());
  if (auto w = co_await write_group(g.seg, iov, g.start, g.end); !w) {
    // Nothing of the group is acknowledged, so none of it may survive: cut
    // the file back to where the group began (recovery would otherwise
    // bring back every whole message of it; groups before it stay). A cut
    // write leaves the partition healthy (a full disk is retried by the
    // next append); a cut that fails makes the next append reopen the
    // partition from disk first.
    const errc e = errc_from_errno(w.error());
    const bool cut = (co_await seg.log->async_truncate(g.start)).ok();
    if (cut) seg.allocated = g.start;
    if (!cut) {
      failed_ = true;
      failure_ = e;
    }
    log::limited(append_lines_, log::level::error, "partition {}: {} while appending at offset {}{}", dir_.string(),
                 to_string(e), g.first_offset,
                 failed_ ? "; it reopens from disk before the next append" : "; the batch was cut off");
    co_return refuse(e);
  }
  last_timestamp_ = g.timestamp;
  g.seq = ++written_seq_;
  io.reset();
  if (config_.sync.mode == sync_mode::always) {
    inflight_.push_back(std::move(writing_));
    co_return;
  }
  unsynced_bytes_ += group_bytes;
  publish(g);
  writing_.reset();
  co_await persist_index_if_lagging(*segments_.back());
}

// Writes a group's bytes, [start, end) of the active segment, after making
// room for them: through the page cache, or around it (direct_io).
asio::awaitable<result<void, int>> partition_log::write_group(const std::shared_ptr<segment>& seg,
                                                              std::span<iovec> iov, uint64_t start, uint64_t end) {
  const bool direct = direct_ && direct_->usable();
  (void)co_await grow(*seg, direct ? direct_appender::padded(end) : end);
  if (direct) {
    auto w = co_await direct_->write(fs_, seg, iov, start, end);
    if (w || direct_->usable()) co_return w;
  }
  co_return co_await async_write_fully(*seg->log, iov, start);
}

// Makes a written group visible to readers and tells its appends.
void partition_log::publish(group& g) {
  segment& s = *g.seg;
  if (s.empty()) s.first_timestamp = g.timestamp;
  s.last_timestamp = g.timestamp;
  s.size = g.end;
  s.allocated = std::max(s.allocated, g.end);
  s.message_count += g.count;
  for (const auto& e : g.entries) s.index.push_back(e);
  for (writer* w : g.writers)
    if (w != nullptr) w->done = true;
}

void partition_log::fail_group(group& g, errc e) {
  for (writer* w : g.writers) {
    if (w == nullptr) continue;
    w->outcome = fail(e);
    w->done = true;
  }
}

// Index entries are derivable from the log: written, not synced, and
// written in batches (recovery scans the log from the last entry on disk,
// so a lagging index costs a start-up at most k_index_lag of scanning).
// A failure here still means the disk is failing, so it stops appends too.
asio::awaitable<void> partition_log::persist_index_if_lagging(segment& s) {
  if (s.index_entries_persisted >= s.index.size() ||
      s.size - s.index.entries()[s.index_entries_persisted].position < k_index_lag)
    co_return;
  if (auto r = co_await persist_index(s); !r) {
    failed_ = true;
    failure_ = r.error();
    log::error("partition {}: cannot write the index: {}", dir_.string(), to_string(r.error()));
  }
}

// In the sync turn: makes everything written so far durable (the sealed
// segments not yet synced, the active one, the directory) and publishes the
// groups it covered. A failure marks the partition failed; the groups in
// flight are then abandoned by whoever next holds the write lane.
partition_log::awaitable_void partition_log::sync_turn() {
  // A write in progress finishes first, so this sync covers it. What to
  // sync is chosen then; appends go on meanwhile (fdatasync covers what was
  // written before it began).
  { auto io = co_await io_lane_.enter(); }
  std::vector<std::shared_ptr<segment>> sealed;
  sealed.swap(unsynced_sealed_);
  const std::shared_ptr<segment> active = segments_.back();
  const uint64_t covered = unsynced_bytes_;
  const uint64_t target = written_seq_;
  const bool directory = std::exchange(directory_dirty_, false);
  result<void, int> outcome;
  for (const auto& s : sealed) {
    if (outcome) outcome = co_await s->log->async_datasync();
    if (outcome && s->index_file) outcome = co_await s->index_file->async_datasync();
    if (outcome) s->index_file.reset();  // sealed and synced: nothing more is written to it
  }
  if (outcome) outcome = co_await active->log->async_datasync();
  if (outcome && directory) outcome = co_await fs_.async_sync_directory(dir_);
  if (!outcome) {
    failed_ = true;
    failure_ = errc_from_errno(outcome.error());
    log::limited(append_lines_, log::level::error,
                 "partition {}: {} while syncing; it reopens from disk before the next append", dir_.string(),
                 to_string(failure_));
    co_return fail(failure_);
  }
  last_sync_us_ = now_us();
  unsynced_bytes_ -= std::min(covered, unsynced_bytes_);
  synced_seq_ = std::max(synced_seq_, target);
  bool published = false;
  while (!inflight_.empty() && inflight_.front()->seq <= target) {
    publish(*inflight_.front());
    inflight_.pop_front();
    published = true;
  }
  if (published && !failed_) co_await persist_index_if_lagging(*segments_.back());
  co_return result<void, errc>{};
}

// Under `always`, after the write: the first append of a group to get the
// sync turn syncs for it and for every group written meanwhile; the others
// find themselves published. After a failure, the groups in flight are
// failed and cut off in the write lane (no write is then in progress).
asio::awaitable<void> partition_log::await_durable(writer& self) {
  {
    auto turn = co_await sync_lane_.enter();
    if (self.done) co_return;
    if (!failed_ && (co_await sync_turn()).ok()) co_return;
  }
  auto turn = co_await write_lane_.enter();
  if (failed_) co_await abandon(failure_);
}

// In the write lane: waits for the sync lane and, with it, makes what is in
// flight durable (or abandons it), so that the caller may change segments.
asio::awaitable<runtime::lane::turn> partition_log::settle() {
  auto turn = co_await sync_lane_.enter();
  if (!inflight_.empty()) {
    if (!failed_) (void)co_await sync_turn();
    if (failed_) co_await abandon(failure_);
  }
  co_return turn;
}

// In the write lane, after a failure: every group written but not durable
// fails, and the active segment is cut back to its last durable byte, so
// that none of them comes back after a restart.
asio::awaitable<void> partition_log::abandon(errc e) {
  if (inflight_.empty()) co_return;
  segment& s = *segments_.back();
  const uint64_t from = s.next_offset();
  const bool cut = (co_await s.log->async_truncate(s.size)).ok();
  if (cut) s.allocated = s.size;
  if (direct_) direct_->forget();
  size_t appends = 0;
  for (const auto& g : inflight_) {
    appends += g->writers.size();
    fail_group(*g, e);
  }
  inflight_.clear();
  synced_seq_ = written_seq_;
  log::limited(append_lines_, log::level::error, "partition {}: {} append(s) from offset {} failed with {}{}",
               dir_.string(), appends, from, to_string(e), cut ? "; cut off" : "; the cut failed too");
}

partition_log::awaitable_void partition_log::async_sync() {
  {
    // One sync at a time: a second caller waits for the first, then syncs
    // what is left, so it never returns while segments it depends on are in
    // flight.
    auto turn = co_await sync_lane_.enter();
    if (failed_) co_return fail(errc::partition_failed);
    auto r = co_await sync_turn();
    if (r || inflight_.empty()) co_return r;
  }
  auto turn = co_await write_lane_.enter();
  if (failed_) co_await abandon(failure_);
  co_return fail(failure_);
}

partition_log::awaitable_void partition_log::async_sync_if_due() {
  if (config_.sync.mode != sync_mode::interval || unsynced_bytes_ == 0) co_return result<void, errc>{};
  if (now_us() - last_sync_us_ < static_cast<uint64_t>(config_.sync.interval.count()) * 1000)
    co_return result<void, errc>{};
  co_return co_await async_sync();
}

partition_log::awaitable_void partition_log::async_close() {
  auto turn = co_await write_lane_.enter();
  if (closed_) co_return result<void, errc>{};
  closed_ = true;
  if (segments_.empty()) co_return result<void, errc>{};
  auto synced = co_await settle();
  if (failed_) co_return result<void, errc>{};
  auto& active = *segments_.back();
  // Leave a complete index and no space allocated ahead behind.
  if (auto r = co_await persist_index(active); !r) co_return r;
  if (auto r = co_await trim(active); !r) co_return r;
  active.direct.reset();
  // A clean shutdown leaves on disk everything it acknowledged, in every mode.
  if (unsynced_bytes_ > 0 || !unsynced_sealed_.empty() || directory_dirty_) co_return co_await sync_turn();
  co_return result<void, errc>{};
}

result<std::unique_ptr<partition_log>, errc> partition_log::open(file_system& fs, std::filesystem::path dir,
                                                                 partition_config config) {
  return runtime::run_blocking(async_open(fs, std::move(dir), std::move(config)));
}
result<append_result, errc> partition_log::append(const message_batch& batch) {
  return runtime::run_blocking(async_append(batch));
}
result<void, errc> partition_log::sync() { return runtime::run_blocking(async_sync()); }
result<void, errc> partition_log::sync_if_due() { return runtime::run_blocking(async_sync_if_due()); }
result<void, errc> partition_log::close() { return runtime::run_blocking(async_close()); }

uint64_t partition_log::next_offset() const {
  return segments_.back()->next_offset();
}

std::optional<uint64_t> partition_log::last_offset() const {
  for (auto it = segments_.rbegin(); it != segments_.rend(); ++it)
    if (!(*it)->empty()) return (*it)->last_offset();
  return std::nullopt;
}

uint64_t partition_log::first_offset() const {
  for (const auto& s : segments_)
    if (!s->empty()) return s->base_offset;
  return segments_.back()->next_offset();
}

uint64_t partition_log::message_count() const {
  uint64_t n = 0;
  for (const auto& s : segments_) n += s->message_count;
  return n;
}

uint64_t partition_log::size_bytes() const {
  uint64_t n = 0;
  for (const auto& s : segments_) n += s->size;
  return n;
}

size_t partition_log::segment_count() const {
  return segments_.size();
}

}  // namespace whippet::storage
