// partition_log reads: offset, timestamp, first and last. A read finds its
// start and end through the sparse index and a short forward scan, and
// answers with file ranges, never copies.

#include <cstring>

#include "base/log.h"
#include "storage/direct_appender.h"
#include "storage/partition_log.h"
#include "runtime/run_blocking.h"

namespace asio = boost::asio;

namespace whippet::storage {

// A segment as a read found it: reads suspend, and the writer may append
// meanwhile, so a read works on the committed length it saw at its start.
struct partition_log::segment_view {
  std::shared_ptr<segment> s;  // keeps the files open if retention removes it meanwhile
  uint64_t size = 0;
  uint64_t next_offset = 0;
  explicit segment_view(std::shared_ptr<segment> seg)
      : s(std::move(seg)), size(s->size), next_offset(s->next_offset()) {}
};

// Walks [from, v.size) of a segment: from the tail cache where it holds the
// bytes, from the file otherwise.
asio::awaitable<result<walk_end, errc>> partition_log::walk(const segment_view& v, uint64_t from,
                                                          message_visitor visit) const {
  memory_source memory;
  if (direct_)
    memory = [this, &v](uint8_t* out, size_t size, uint64_t position) {
      return direct_->copy(v.s, out, size, position);
    };
  co_return co_await walk_messages(*v.s->log, from, v.size, config_.limits, std::move(visit), memory);
}

// [start, end) of a segment, as the ranges a reply sends: file ranges, or
// memory from the tail cache.
void partition_log::add_range(read_result& out, const segment_view& v, uint64_t start, uint64_t end) const {
  if (direct_) {
    direct_->add_ranges(v.s, start, end, out.ranges);
  } else {
    file_range r;
    r.owner = v.s->log;
    r.fd = r.owner->fd();
    r.position = start;
    r.length = end - start;
    out.ranges.push_back(std::move(r));
  }
}

asio::awaitable<result<uint64_t, errc>> partition_log::position_of(const segment_view& v, uint64_t offset) const {
  const segment& s = *v.s;
  if (offset == v.next_offset) co_return v.size;
  const auto entry = s.index.floor_offset(static_cast<uint32_t>(offset - s.base_offset));
  if (!entry) co_return fail(errc::corrupt_data);
  std::optional<uint64_t> found;
  auto walked = co_await walk(v, entry->position, [&](const message_view& m, uint64_t at) {
                                         if (m.offset() >= offset) {
                                           if (m.offset() == offset) found = at;
                                           return false;
                                         }
                                         return true;
                                       });
  if (!walked) co_return fail(walked.error());
  if (!found) {
    log::error("partition {}: offset {} not found in segment {}", dir_.string(), offset, segment_stem(s.base_offset));
    co_return fail(errc::corrupt_data);
  }
  co_return *found;
}

partition_log::awaitable_read partition_log::read_from(uint64_t offset, uint32_t max_count, uint64_t max_bytes) const {
  read_result out;
  out.first_offset = offset;
  if (max_count == 0 || max_bytes == 0) co_return out;

  // The segments this read may touch, as they are now.
  std::vector<segment_view> views;
  for (const auto& s : segments_)
    if (!s->empty() && s->next_offset() > offset) views.emplace_back(s);
  if (views.empty()) co_return out;  // nothing at or after `offset` yet
  uint64_t cur = std::max(offset, views.front().s->base_offset);  // retention may have removed older ones
  out.first_offset = cur;
  uint64_t count_left = max_count;
  uint64_t bytes_left = max_bytes;

  for (size_t i = 0; i < views.size() && count_left > 0 && bytes_left > 0; ++i) {
    const segment_view& v = views[i];
    const segment& s = *v.s;
    if (v.next_offset <= cur) continue;
    cur = std::max(cur, s.base_offset);
    auto start = co_await position_of(v, cur);
    if (!start) co_return fail(start.error());
    uint64_t end_offset = std::min<uint64_t>(v.next_offset, cur + count_left);
    auto end = co_await position_of(v, end_offset);
    if (!end) co_return fail(end.error());
    uint64_t end_position = *end;
    bool byte_limited = false;

    if (end_position - *start > bytes_left) {
      // Whole messages only: stop at the last boundary within the byte budget,
      // but hand out at least one message so a consumer always progresses.
      const uint64_t limit = *start + bytes_left;
      const auto entry = s.index.floor_position(limit);
      uint64_t from = *start;
      if (entry && entry->position > *start) from = entry->position;
      uint64_t boundary = from;
      uint64_t boundary_offset = 0;
      auto walked = co_await walk(v, from, [&](const message_view& m, uint64_t at) {
        boundary = at;
        boundary_offset = m.offset();
        return at + m.size() <= limit;
      });
      if (!walked) co_return fail(walked.error());
      if (boundary == *start && out.count == 0) {
        auto next = co_await position_of(v, cur + 1);
        if (!next) co_return fail(next.error());
        boundary = *next;
        boundary_offset = cur + 1;
      }
      end_position = boundary;
      end_offset = boundary == *start ? cur : boundary_offset;
      byte_limited = true;
    }

    if (end_position > *start) {
      add_range(out, v, *start, end_position);
      out.count += static_cast<uint32_t>(end_offset - cur);
      out.bytes += end_position - *start;
      count_left -= end_offset - cur;
      bytes_left -= std::min(bytes_left, end_position - *start);
    }
    cur = end_offset;
    if (byte_limited) break;
  }
  co_return out;
}

partition_log::awaitable_read partition_log::async_read(uint64_t offset, uint32_t max_count, uint64_t max_bytes) const {
  return read_from(offset, max_count, max_bytes);
}

partition_log::awaitable_read partition_log::async_read_from_timestamp(uint64_t timestamp_us, uint32_t max_count,
                                                                       uint64_t max_bytes) const {
  std::optional<segment_view> found;
  for (const auto& s : segments_) {
    if (!s->empty() && s->last_timestamp >= timestamp_us) {
      found.emplace(s);
      break;
    }
  }
  if (!found) {
    read_result none;
    none.first_offset = segments_.back()->next_offset();
    co_return none;
  }
  const segment& s = *found->s;
  const auto entry = s.index.last_before_timestamp(timestamp_us);
  const uint64_t from = entry ? entry->position : 0;
  std::optional<uint64_t> start;
  auto walked = co_await walk(*found, from, [&](const message_view& m, uint64_t) {
    if (m.timestamp() >= timestamp_us) {
      start = m.offset();
      return false;
    }
    return true;
  });
  if (!walked) co_return fail(walked.error());
  if (!start) co_return fail(errc::corrupt_data);  // last_timestamp promised one
  co_return co_await read_from(*start, max_count, max_bytes);
}

partition_log::awaitable_read partition_log::async_read_first(uint32_t max_count, uint64_t max_bytes) const {
  return read_from(segments_.front()->base_offset, max_count, max_bytes);
}

partition_log::awaitable_read partition_log::async_read_last(uint32_t max_count, uint64_t max_bytes) const {
  const uint64_t next = segments_.back()->next_offset();
  const uint64_t start = next > max_count ? next - max_count : 0;
  return read_from(start, max_count, max_bytes);
}

result<read_result, errc> partition_log::read(uint64_t offset, uint32_t max_count, uint64_t max_bytes) const {
  return runtime::run_blocking(async_read(offset, max_count, max_bytes));
}
result<read_result, errc> partition_log::read_from_timestamp(uint64_t timestamp_us, uint32_t max_count,
                                                             uint64_t max_bytes) const {
  return runtime::run_blocking(async_read_from_timestamp(timestamp_us, max_count, max_bytes));
}
result<read_result, errc> partition_log::read_first(uint32_t max_count, uint64_t max_bytes) const {
  return runtime::run_blocking(async_read_first(max_count, max_bytes));
}
result<read_result, errc> partition_log::read_last(uint32_t max_count, uint64_t max_bytes) const {
  return runtime::run_blocking(async_read_last(max_count, max_bytes));
}

result<std::vector<uint8_t>, errc> read_bytes(const read_result& r) {
  std::vector<uint8_t> out(r.bytes);
  size_t at = 0;
  for (const auto& range : r.ranges) {
    if (range.memory != nullptr) {
      std::memcpy(out.data() + at, range.memory, range.length);
      at += range.length;
      continue;
    }
    size_t done = 0;
    while (done < range.length) {
      auto n = range.owner->pread(out.data() + at + done, range.length - done, range.position + done);
      if (!n) return fail(errc_from_errno(n.error()));
      if (*n == 0) return fail(errc::corrupt_data);
      done += *n;
    }
    at += range.length;
  }
  return out;
}

}  // namespace whippet::storage
