#pragma once
// direct_appender: writes a partition's groups to its active segment with
// O_DIRECT (partition_config::direct_io), bypassing the page cache, and keeps
// the newest bytes it wrote in memory (the tail cache) to serve the reads of
// recent messages, which would otherwise go to the disk. Owned by the
// partition_log, on its shard; writes only in the writer's turn.
//
// O_DIRECT wants the file position, the length and the memory aligned to the
// device's block (4 KiB here). A group starts wherever the last one ended, so
// each write begins at the start of the block that holds the group's first
// byte: the bytes of that block before the group (in memory from the
// previous write, or read back once after a reopen, a cut or an eviction)
// are written again, unchanged, then the group, then zeros up to the end of
// its last block. The zeros past the segment's committed size are never read
// and are cut off on roll, on close and by recovery, like space allocated
// ahead.
//
// The memory a write goes out from is the cache: chunks of k_chunk bytes,
// each holding [base, base + k_chunk) of one segment file (base a multiple of
// k_chunk), filled by the one copy that replaces the page cache's. A write
// spanning chunks is one vectored write. Chunks stay after their write, newest
// last, and a read of bytes they hold is answered from memory (file_range
// with `memory`); a reader keeps a chunk alive while it sends from it. A
// chunk's bytes below the committed size never change: the writer only adds
// past them.
//
// Bounded per shard: the direct partitions of a shard share one budget
// (partition_config::tail_cache); past it, the oldest chunk of the shard goes
// (the partition whose front chunk is oldest loses it), so a busy partition
// keeps its tail and an idle one gives its memory up. A budget of 0 keeps
// nothing after a write.
//
// Durability is unchanged: a direct write is on the device, but perhaps only
// in its volatile cache, until the partition's fdatasync (on the segment's
// ordinary descriptor, which covers the whole file) flushes it. Reads of bytes
// not in the cache use the ordinary descriptor: the kernel drops cached pages
// of a range a direct write covers, so a read never sees stale bytes.
//
// A file system without O_DIRECT (tmpfs) answers the open with EINVAL: the
// appender then says so once and the partition writes through the page cache.

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "base/result.h"
#include "storage/file.h"
#include "storage/segment.h"

namespace whippet::storage {

struct file_range;
struct tail_budget;

class direct_appender {
 public:
  static constexpr uint64_t k_block = 4096;
  static constexpr uint64_t k_chunk = 256 * 1024;

  // `shard_budget`: bytes the shard's tail caches may keep, together.
  explicit direct_appender(uint64_t shard_budget) noexcept : budget_bytes_(shard_budget) {}
  ~direct_appender();
  direct_appender(const direct_appender&) = delete;
  direct_appender& operator=(const direct_appender&) = delete;

  // Writes `iov`, the bytes of [start, end) of `seg`, as described above;
  // `seg.allocated` grows to the end of the last block written. On an error
  // nothing is known of [start, end): the caller cuts the file back to `start`.
  boost::asio::awaitable<result<void, int>> write(file_system& fs, const std::shared_ptr<segment>& seg,
                                                  std::span<const iovec> iov, uint64_t start, uint64_t end);
  // After the active segment was cut back or replaced, or the partition was
  // purged or reopened: the cache is emptied.
  void forget() noexcept;
  // False once the file system refused O_DIRECT; appends then go through the
  // page cache.
  bool usable() const noexcept { return usable_; }
  // Where a group of `end` bytes leaves the file: the end of its last block.
  static uint64_t padded(uint64_t end) noexcept { return (end + k_block - 1) / k_block * k_block; }

  // Appends to `out` the ranges that hold [start, end) of `seg`: memory for
  // what the cache holds (its newest bytes), the file for what is before.
  void add_ranges(const std::shared_ptr<segment>& seg, uint64_t start, uint64_t end,
                  std::vector<file_range>& out) const;
  // Copies [position, position + size) of `seg` into `out` when the cache
  // holds all of it; false (nothing copied) otherwise.
  bool copy(const std::shared_ptr<segment>& seg, uint8_t* out, size_t size, uint64_t position) const;
  // Bytes this partition's cache holds.
  uint64_t cached_bytes() const noexcept;

  // Memory aligned to k_block (std::aligned_alloc), freed with std::free.
  struct aligned_free {
    void operator()(uint8_t* p) const noexcept;
  };
  using aligned_ptr = std::unique_ptr<uint8_t, aligned_free>;

  struct chunk {
    std::weak_ptr<const segment> of;  // identity only
    uint64_t base = 0;                // file position of memory[0]
    uint64_t from = 0;                // the bytes it holds: [from, to)
    uint64_t to = 0;
    uint64_t seq = 0;                 // allocation order on the shard (eviction)
    aligned_ptr memory;               // k_chunk bytes
  };

 private:
  friend struct tail_budget;
  const chunk* find(const std::shared_ptr<segment>& seg, uint64_t position) const noexcept;
  void evict_over_budget();

  const uint64_t budget_bytes_;
  std::shared_ptr<tail_budget> budget_;       // the shard's, joined at the first write
  std::deque<std::shared_ptr<chunk>> chunks_;  // oldest first; one segment's chunks are contiguous
  bool usable_ = true;
};

}  // namespace whippet::storage
