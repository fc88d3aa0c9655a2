#include "storage/direct_appender.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "base/assert.h"
#include "base/log.h"

namespace asio = boost::asio;

namespace whippet::storage {
namespace {

using block_ptr = direct_appender::aligned_ptr;

block_ptr allocate_aligned(size_t size) {
  return block_ptr(static_cast<uint8_t*>(std::aligned_alloc(direct_appender::k_block, size)));
}

// Staging buffers, per thread (a shard's partitions share them): a write
// takes one at least as large as it needs and gives it back when done, so
// steady appends reuse resident memory instead of faulting in fresh pages.
class staging_pool {
 public:
  struct lease {
    staging_pool* pool;
    block_ptr memory;
    size_t capacity;
    lease(staging_pool* p, block_ptr m, size_t c) : pool(p), memory(std::move(m)), capacity(c) {}
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    ~lease() {
      if (memory) pool->give_back(std::move(memory), capacity);
    }
    uint8_t* data() const noexcept { return memory.get(); }
  };

  lease take(size_t size) {
    for (size_t i = 0; i < free_.size(); ++i) {
      if (free_[i].capacity < size) continue;
      entry e = std::move(free_[i]);
      free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(i));
      kept_ -= e.capacity;
      return lease(this, std::move(e.memory), e.capacity);
    }
    size_t capacity = k_min;
    while (capacity < size) capacity *= 2;
    block_ptr m = allocate_aligned(capacity);
    if (!m) return lease(this, nullptr, 0);
    return lease(this, std::move(m), capacity);
  }

 private:
  static constexpr size_t k_min = 64 * 1024;
  static constexpr size_t k_kept = 4;                 // buffers kept for reuse, at most
  static constexpr size_t k_kept_bytes = 16ull << 20;  // ... holding at most this much
  struct entry {
    block_ptr memory;
    size_t capacity;
  };

  void give_back(block_ptr m, size_t capacity) {
    if (free_.size() >= k_kept || kept_ + capacity > k_kept_bytes) return;  // freed here
    kept_ += capacity;
    free_.push_back({std::move(m), capacity});
  }

  std::vector<entry> free_;
  size_t kept_ = 0;
};

thread_local staging_pool t_pool;
log::rate_limiter g_direct_lines(5, 1000);

}  // namespace

void direct_appender::aligned_free::operator()(uint8_t* p) const noexcept { std::free(p); }

asio::awaitable<result<void, int>> direct_appender::write(file_system& fs, const std::shared_ptr<segment>& seg_ptr,
                                                          std::span<const iovec> iov, uint64_t start, uint64_t end) {
  segment& seg = *seg_ptr;
  if (!seg.direct) {
    auto opened = co_await fs.async_open_direct(seg.log_path);
    if (!opened) {
      if (opened.error() == EINVAL) {
        usable_ = false;
        log::limited(g_direct_lines, log::level::warn,
                     "{}: the file system has no direct I/O; appends go through the page cache",
                     seg.log_path.parent_path().string());
      }
      co_return fail(opened.error());
    }
    seg.direct = std::move(*opened);
  }
  if (!tail_) {
    tail_ = allocate_aligned(k_block);
    if (!tail_) co_return fail(ENOMEM);
  }

  size_t given = 0;
  for (const iovec& v : iov) given += v.iov_len;
  WHIPPET_ASSERT(given == end - start, "direct_appender::write: the bytes do not match [start, end)");

  const uint64_t first_block = start / k_block * k_block;
  const uint64_t last = padded(end);
  const size_t head = static_cast<size_t>(start - first_block);
  const size_t length = static_cast<size_t>(last - first_block);
  auto staging = t_pool.take(length);
  if (!staging.data()) co_return fail(ENOMEM);
  uint8_t* out = staging.data();

  if (head > 0) {
    if (tail_of_.lock().get() == &seg && tail_end_ == start) {
      std::memcpy(out, tail_.get(), head);
    } else {
      // After a reopen or a cut: the block's bytes before `start` are read
      // back (through the ordinary descriptor, which sees direct writes).
      auto r = co_await async_read_fully(*seg.log, out, head, first_block);
      if (!r) co_return fail(r.error());
      if (*r != head) co_return fail(EIO);
    }
  }
  size_t at = head;
  for (const iovec& v : iov) {
    std::memcpy(out + at, v.iov_base, v.iov_len);
    at += v.iov_len;
  }
  std::memset(out + at, 0, length - at);

  iovec whole{out, length};
  if (auto w = co_await async_write_fully(*seg.direct, std::span<iovec>(&whole, 1), first_block); !w) {
    forget();
    co_return w;
  }
  seg.allocated = std::max(seg.allocated, last);
  // Keep the last partial block for the next write.
  const uint64_t tail_block = end / k_block * k_block;
  std::memcpy(tail_.get(), out + (tail_block - first_block), static_cast<size_t>(end - tail_block));
  tail_of_ = seg_ptr;
  tail_end_ = end;
  co_return result<void, int>{};
}

}  // namespace whippet::storage
