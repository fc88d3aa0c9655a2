#pragma once
// direct_appender: writes a partition's groups to its active segment with
// O_DIRECT (partition_config::direct_io), bypassing the page cache. Owned by
// the partition_log, on its shard; used only in the writer's turn.
//
// O_DIRECT wants the file position, the length and the memory aligned to the
// device's block (4 KiB here). A group starts wherever the last one ended, so
// each write begins at the start of the block that holds the group's first
// byte: the bytes of that block before the group (kept from the previous
// write, or read back once after a reopen or a cut) are written again,
// unchanged, then the group, then zeros up to the end of its last block. The
// zeros past the segment's committed size are never read and are cut off on
// roll, on close and by recovery, like space allocated ahead. Every write
// goes through one staging buffer per write, taken from a small per-thread
// pool: the one copy that replaces the page cache's.
//
// Durability is unchanged: a direct write is on the device, but perhaps only
// in its volatile cache, until the partition's fdatasync (on the segment's
// ordinary descriptor, which covers the whole file) flushes it. Readers keep
// using the ordinary descriptor: the kernel drops cached pages of a range a
// direct write covers, so a read never sees stale bytes.
//
// A file system without O_DIRECT (tmpfs) answers the open with EINVAL: the
// appender then says so once and the partition writes through the page cache.

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "base/result.h"
#include "storage/file.h"
#include "storage/segment.h"

namespace whippet::storage {

class direct_appender {
 public:
  static constexpr uint64_t k_block = 4096;

  // Writes `iov`, the bytes of [start, end) of `seg`, as described above;
  // `seg.allocated` grows to the end of the last block written. On an error
  // nothing is known of [start, end): the caller cuts the file back to `start`.
  boost::asio::awaitable<result<void, int>> write(file_system& fs, const std::shared_ptr<segment>& seg,
                                                  std::span<const iovec> iov, uint64_t start, uint64_t end);
  // After the active segment was cut back or replaced: the block before the
  // next write is read from the file again.
  void forget() noexcept { tail_of_.reset(); }
  // False once the file system refused O_DIRECT; appends then go through the
  // page cache.
  bool usable() const noexcept { return usable_; }
  // Where a group of `end` bytes leaves the file: the end of its last block.
  static uint64_t padded(uint64_t end) noexcept { return (end + k_block - 1) / k_block * k_block; }

  // Memory aligned to k_block (std::aligned_alloc), freed with std::free.
  struct aligned_free {
    void operator()(uint8_t* p) const noexcept;
  };
  using aligned_ptr = std::unique_ptr<uint8_t, aligned_free>;

 private:
  aligned_ptr tail_;  // the last partial block written, k_block bytes
  std::weak_ptr<const segment> tail_of_;          // ... of this segment,
  uint64_t tail_end_ = 0;                         // ... ending at this position
  bool usable_ = true;
};

}  // namespace whippet::storage
