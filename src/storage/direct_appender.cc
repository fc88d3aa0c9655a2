#include "storage/direct_appender.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "base/assert.h"
#include "base/log.h"
#include "storage/partition_log.h"

namespace asio = boost::asio;

namespace whippet::storage {

// The shard's share of memory for tail caches, and who holds it.
struct tail_budget {
  uint64_t bytes = 0;     // held by the members' caches
  uint64_t next_seq = 0;  // the next chunk's allocation order
  std::vector<direct_appender*> members;

  // Drops the oldest chunk of the shard; false when none is left.
  bool evict_oldest() noexcept {
    direct_appender* victim = nullptr;
    for (direct_appender* m : members) {
      if (m->chunks_.empty()) continue;
      if (victim == nullptr || m->chunks_.front()->seq < victim->chunks_.front()->seq) victim = m;
    }
    if (victim == nullptr) return false;
    victim->chunks_.pop_front();
    bytes -= direct_appender::k_chunk;
    return true;
  }
};

namespace {

thread_local std::shared_ptr<tail_budget> t_budget;
log::rate_limiter g_direct_lines(5, 1000);

direct_appender::aligned_ptr allocate_aligned(size_t size) {
  return direct_appender::aligned_ptr(static_cast<uint8_t*>(std::aligned_alloc(direct_appender::k_block, size)));
}

bool same_segment(const std::weak_ptr<const segment>& a, const std::shared_ptr<segment>& b) noexcept {
  return !a.owner_before(b) && !b.owner_before(a);
}

}  // namespace

void direct_appender::aligned_free::operator()(uint8_t* p) const noexcept { std::free(p); }

direct_appender::~direct_appender() {
  forget();
  if (budget_) std::erase(budget_->members, this);
}

void direct_appender::forget() noexcept {
  if (budget_) budget_->bytes -= chunks_.size() * k_chunk;
  chunks_.clear();
}

uint64_t direct_appender::cached_bytes() const noexcept {
  uint64_t n = 0;
  for (const auto& c : chunks_) n += c->to - c->from;
  return n;
}

void direct_appender::evict_over_budget() {
  while (budget_->bytes > budget_bytes_ && budget_->evict_oldest()) {
  }
}

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
  if (!budget_) {
    if (!t_budget) t_budget = std::make_shared<tail_budget>();
    budget_ = t_budget;
    budget_->members.push_back(this);
  }

  size_t given = 0;
  for (const iovec& v : iov) given += v.iov_len;
  WHIPPET_ASSERT(given == end - start, "direct_appender::write: the bytes do not match [start, end)");

  const uint64_t first_block = start / k_block * k_block;
  const uint64_t last = padded(end);
  const uint64_t first_base = first_block / k_chunk * k_chunk;

  // The chunks [first_block, last) falls in: the newest one continues when
  // this group starts where it ends; the others are new.
  if (!chunks_.empty()) {
    const chunk& back = *chunks_.back();
    if (same_segment(back.of, seg_ptr) && back.base + k_chunk > start && back.to != start) forget();  // stale
  }
  std::vector<std::shared_ptr<chunk>> used;
  size_t fresh_from = 0;  // used[fresh_from..] are new
  for (uint64_t base = first_base; base < last; base += k_chunk) {
    if (base == first_base && !chunks_.empty() && same_segment(chunks_.back()->of, seg_ptr) &&
        chunks_.back()->base == base) {
      used.push_back(chunks_.back());
      fresh_from = 1;
      continue;
    }
    auto c = std::make_shared<chunk>();
    c->of = seg_ptr;
    c->base = base;
    c->from = c->to = std::max(base, start);
    c->seq = budget_->next_seq++;
    c->memory = allocate_aligned(k_chunk);
    if (!c->memory) co_return fail(ENOMEM);
    used.push_back(std::move(c));
  }

  chunk& head = *used.front();
  if (start > first_block && !(head.from <= first_block && head.to == start)) {
    // After a reopen, a cut or an eviction: the block's bytes before `start`
    // are read back (through the ordinary descriptor, which sees direct writes).
    const size_t n = static_cast<size_t>(start - first_block);
    auto r = co_await async_read_fully(*seg.log, head.memory.get() + (first_block - head.base), n, first_block);
    if (!r) co_return fail(r.error());
    if (*r != n) co_return fail(EIO);
    head.from = first_block;
    head.to = start;
  }

  // The one copy, then zeros to the end of the last block.
  auto place = [&](uint64_t position, const uint8_t* from, size_t length) {
    while (length > 0) {
      chunk& c = *used[(position - first_base) / k_chunk];
      const size_t at = static_cast<size_t>(position - c.base);
      const size_t n = std::min<size_t>(length, k_chunk - at);
      if (from != nullptr) {
        std::memcpy(c.memory.get() + at, from, n);
        from += n;
      } else {
        std::memset(c.memory.get() + at, 0, n);
      }
      position += n;
      length -= n;
    }
  };
  uint64_t position = start;
  for (const iovec& v : iov) {
    place(position, static_cast<const uint8_t*>(v.iov_base), v.iov_len);
    position += v.iov_len;
  }
  place(end, nullptr, static_cast<size_t>(last - end));

  std::vector<iovec> out;
  out.reserve(used.size());
  for (const auto& c : used) {
    const uint64_t lo = std::max(first_block, c->base);
    const uint64_t hi = std::min(last, c->base + k_chunk);
    out.push_back({c->memory.get() + (lo - c->base), static_cast<size_t>(hi - lo)});
  }
  if (auto w = co_await async_write_fully(*seg.direct, std::span<iovec>(out), first_block); !w) {
    forget();
    co_return w;
  }
  seg.allocated = std::max(seg.allocated, last);
  for (const auto& c : used) c->to = std::min(end, c->base + k_chunk);
  for (size_t i = fresh_from; i < used.size(); ++i) {
    chunks_.push_back(std::move(used[i]));
    budget_->bytes += k_chunk;
  }
  evict_over_budget();
  co_return result<void, int>{};
}

void direct_appender::add_ranges(const std::shared_ptr<segment>& seg, uint64_t start, uint64_t end,
                                 std::vector<file_range>& out) const {
  auto from_file = [&](uint64_t from, uint64_t to) {
    file_range r;
    r.owner = seg->log;
    r.fd = seg->log->fd();
    r.position = from;
    r.length = to - from;
    out.push_back(std::move(r));
  };
  uint64_t position = start;
  for (const auto& c : chunks_) {
    if (position >= end) break;
    if (!same_segment(c->of, seg) || c->to <= position) continue;
    if (c->from > position) {  // before what the cache holds
      const uint64_t to = std::min(end, c->from);
      from_file(position, to);
      position = to;
      if (position >= end) break;
    }
    const uint64_t to = std::min(end, c->to);
    file_range r;
    r.position = position;
    r.length = to - position;
    r.memory = c->memory.get() + (position - c->base);
    r.keep = c;
    out.push_back(std::move(r));
    position = to;
  }
  if (position < end) from_file(position, end);
}

bool direct_appender::copy(const std::shared_ptr<segment>& seg, uint8_t* out, size_t size, uint64_t position) const {
  const uint64_t end = position + size;
  // Twice over the chunks: is all of it held, then the copy.
  auto pass = [&](bool copying) {
    uint64_t at = position;
    for (const auto& c : chunks_) {
      if (at >= end) break;
      if (!same_segment(c->of, seg) || c->to <= at) continue;
      if (c->from > at) return false;
      const uint64_t to = std::min(end, c->to);
      if (copying) std::memcpy(out + (at - position), c->memory.get() + (at - c->base), static_cast<size_t>(to - at));
      at = to;
    }
    return at >= end;
  };
  return pass(false) && pass(true);
}

}  // namespace whippet::storage
