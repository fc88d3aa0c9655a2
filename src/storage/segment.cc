#include "storage/segment.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <vector>

namespace whippet::storage {
namespace {
constexpr size_t k_walk_chunk = 64 * 1024;
}

std::string segment_stem(uint64_t base_offset) { return fmt::format("{:020}", base_offset); }

std::optional<uint64_t> parse_segment_file_name(const std::string& name, std::string_view extension) {
  if (name.size() != 20 + extension.size() || !name.ends_with(extension)) return std::nullopt;
  uint64_t v = 0;
  for (size_t i = 0; i < 20; ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(name[i] - '0');
    if (v > (UINT64_MAX - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  return v;
}

errc errc_from_errno(int err) noexcept { return err == ENOSPC || err == EDQUOT ? errc::no_space : errc::io_error; }

namespace {
// Moves `iov` past `written` bytes; returns the index of the first iovec left.
size_t advance(std::span<iovec> iov, size_t first, size_t written) {
  while (first < iov.size() && written >= iov[first].iov_len) {
    written -= iov[first].iov_len;
    ++first;
  }
  if (written > 0) {
    iov[first].iov_base = static_cast<uint8_t*>(iov[first].iov_base) + written;
    iov[first].iov_len -= written;
  }
  return first;
}
}  // namespace

result<void, int> write_fully(file& f, std::span<iovec> iov, uint64_t position) {
  size_t first = 0;
  while (first < iov.size()) {
    auto n = f.pwritev(iov.data() + first, static_cast<int>(iov.size() - first), position);
    if (!n) return fail(n.error());
    if (*n == 0) return fail(EIO);  // no progress: treat as an I/O error rather than spin
    position += *n;
    first = advance(iov, first, *n);
  }
  return {};
}

boost::asio::awaitable<result<void, int>> async_write_fully(file& f, std::span<iovec> iov, uint64_t position) {
  size_t first = 0;
  while (first < iov.size()) {
    auto n = co_await f.async_pwritev(iov.data() + first, static_cast<int>(iov.size() - first), position);
    if (!n) co_return fail(n.error());
    if (*n == 0) co_return fail(EIO);
    position += *n;
    first = advance(iov, first, *n);
  }
  co_return result<void, int>{};
}

boost::asio::awaitable<result<size_t, int>> async_read_fully(file& f, void* buffer, size_t size, uint64_t position) {
  size_t got = 0;
  while (got < size) {
    auto n = co_await f.async_pread(static_cast<uint8_t*>(buffer) + got, size - got, position + got);
    if (!n) co_return fail(n.error());
    if (*n == 0) break;
    got += *n;
  }
  co_return got;
}

boost::asio::awaitable<result<walk_end, errc>> walk_messages(file& f, uint64_t position, uint64_t end,
                                                             const message_limits& limits, message_visitor visit,
                                                             const memory_source& memory) {
  std::vector<uint8_t> buffer;
  uint64_t buffer_start = position;
  size_t buffer_len = 0;
  // Makes sure `need` bytes at `position` are buffered; false at the end.
  auto ensure = [&](uint64_t need) -> boost::asio::awaitable<result<bool, errc>> {
    if (position + need > end) co_return false;
    if (position >= buffer_start && position + need <= buffer_start + buffer_len) co_return true;
    const size_t want = static_cast<size_t>(std::min<uint64_t>(std::max<uint64_t>(need, k_walk_chunk), end - position));
    buffer.resize(want);
    if (memory && memory(buffer.data(), want, position)) {
      buffer_start = position;
      buffer_len = want;
      co_return true;
    }
    auto got = co_await async_read_fully(f, buffer.data(), want, position);
    if (!got) co_return fail(errc_from_errno(got.error()));
    buffer_start = position;
    buffer_len = *got;
    co_return *got >= need;
  };
  while (position < end) {
    auto header_ok = co_await ensure(model::message_header_size);
    if (!header_ok) co_return fail(header_ok.error());
    if (!*header_ok) co_return walk_end{position, true};
    const message_view header(buffer.data() + (position - buffer_start));
    if (header.payload_length() == 0 || header.payload_length() > limits.max_payload ||
        header.user_headers_length() > limits.max_user_headers)
      co_return walk_end{position, true};
    const uint64_t size = header.size();
    auto whole = co_await ensure(size);
    if (!whole) co_return fail(whole.error());
    if (!*whole) co_return walk_end{position, true};
    const message_view m(buffer.data() + (position - buffer_start));
    if (!visit(m, position)) co_return walk_end{position, false};
    position += size;
  }
  co_return walk_end{position, false};
}

boost::asio::awaitable<result<std::shared_ptr<segment>, errc>> create_segment(file_system& fs,
                                                                              const std::filesystem::path& dir,
                                                                              uint64_t base_offset) {
  auto s = std::make_shared<segment>();
  s->base_offset = base_offset;
  s->log_path = dir / (segment_stem(base_offset) + ".log");
  s->index_path = dir / (segment_stem(base_offset) + ".index");
  auto log = co_await fs.async_open(s->log_path, true);
  if (!log) co_return fail(errc_from_errno(log.error()));
  // A new segment must start empty; a leftover file with this name is stale.
  if (auto r = co_await (*log)->async_truncate(0); !r) co_return fail(errc_from_errno(r.error()));
  if (auto r = co_await fs.async_remove(s->index_path); !r) co_return fail(errc_from_errno(r.error()));
  s->log = std::move(*log);
  s->fs = &fs;
  co_return s;
}

boost::asio::awaitable<result<void, errc>> persist_index(segment& s) {
  const size_t pending = s.index.size() - s.index_entries_persisted;
  if (pending == 0) co_return result<void, errc>{};
  const size_t from = s.index_entries_persisted;
  std::vector<uint8_t> buf(pending * index_entry_size);
  for (size_t i = 0; i < pending; ++i)
    sparse_index::encode(s.index.entries()[from + i], buf.data() + i * index_entry_size);
  if (!s.index_file) {
    auto f = co_await s.fs->async_open(s.index_path, true);
    if (!f) co_return fail(errc_from_errno(f.error()));
    if (!s.index_file) s.index_file = std::move(*f);
  }
  // Counted as persisted before the write: a second call while this one is
  // on its way writes only what follows. A failed write stops the partition.
  s.index_entries_persisted = s.index.size();
  iovec iov{buf.data(), buf.size()};
  if (auto r = co_await async_write_fully(*s.index_file, std::span(&iov, 1), from * index_entry_size); !r)
    co_return fail(errc_from_errno(r.error()));
  co_return result<void, errc>{};
}

namespace {
// Whether [from, to) of `f` holds only zero bytes (space allocated ahead of
// the writer and never written).
boost::asio::awaitable<result<bool, errc>> only_zeros(file& f, uint64_t from, uint64_t to) {
  std::vector<uint8_t> buffer(k_walk_chunk);
  while (from < to) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), to - from));
    auto got = co_await async_read_fully(f, buffer.data(), want, from);
    if (!got) co_return fail(errc_from_errno(got.error()));
    if (*got == 0) break;
    if (std::any_of(buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(*got), [](uint8_t b) { return b != 0; }))
      co_return false;
    from += *got;
  }
  co_return true;
}
}  // namespace

boost::asio::awaitable<result<std::shared_ptr<segment>, errc>> open_segment(file_system& fs,
                                                                            const std::filesystem::path& dir,
                                                                            uint64_t base_offset,
                                                                            const message_limits& limits,
                                                                            uint32_t index_interval,
                                                                            segment_recovery& report) {
  auto s = std::make_shared<segment>();
  s->base_offset = base_offset;
  s->log_path = dir / (segment_stem(base_offset) + ".log");
  s->index_path = dir / (segment_stem(base_offset) + ".index");
  auto log = co_await fs.async_open(s->log_path, false);
  if (!log) co_return fail(errc_from_errno(log.error()));
  auto index = co_await fs.async_open(s->index_path, true);
  if (!index) co_return fail(errc_from_errno(index.error()));
  s->log = std::move(*log);
  s->index_file = std::move(*index);
  s->fs = &fs;

  auto log_size = s->log->size();
  if (!log_size) co_return fail(errc_from_errno(log_size.error()));
  auto index_size = s->index_file->size();
  if (!index_size) co_return fail(errc_from_errno(index_size.error()));

  // Load the index; a damaged one is rebuilt from the log.
  std::vector<uint8_t> index_bytes(*index_size);
  if (!index_bytes.empty()) {
    auto n = co_await async_read_fully(*s->index_file, index_bytes.data(), index_bytes.size(), 0);
    if (!n) co_return fail(errc_from_errno(n.error()));
    index_bytes.resize(*n);
  }
  auto decoded = sparse_index::decode(index_bytes, *log_size);
  if (decoded) {
    s->index = *decoded;
  }

  // Scan from the last index entry to the end, verifying each message and
  // re-deriving index entries for what follows it. If even the indexed
  // message is bad, the index cannot be trusted: scan the whole log.
  std::string problem;
  uint64_t count = 0;
  uint64_t last_ts = 0;
  auto scan_from = [&](bool whole_log) -> boost::asio::awaitable<result<walk_end, errc>> {
    uint64_t position = 0;
    count = 0;
    last_ts = 0;
    problem.clear();
    if (whole_log) {
      s->index.clear();
    } else if (!s->index.empty()) {
      position = s->index.back().position;
      count = s->index.back().relative_offset;
      s->index.truncate_at_position(position);  // the scan re-adds this entry
    }
    bool have_entry = !s->index.empty();
    uint64_t last_entry_position = have_entry ? s->index.back().position : 0;
    co_return co_await walk_messages(*s->log, position, *log_size, limits, [&](const message_view& m, uint64_t at) {
      if (m.offset() != base_offset + count) {
        problem = fmt::format("message at byte {} has offset {}, expected {}", at, m.offset(), base_offset + count);
        return false;
      }
      if (!m.checksum_ok()) {
        problem = fmt::format("checksum mismatch at offset {} (byte {})", m.offset(), at);
        return false;
      }
      if (m.timestamp() < last_ts) {
        problem = fmt::format("timestamp goes backwards at offset {}", m.offset());
        return false;
      }
      if (!have_entry || at - last_entry_position >= index_interval) {
        s->index.push_back({static_cast<uint32_t>(count), static_cast<uint32_t>(at), m.timestamp()});
        last_entry_position = at;
        have_entry = true;
      }
      last_ts = m.timestamp();
      ++count;
      return true;
    });
  };
  const uint64_t indexed_position = s->index.empty() ? 0 : s->index.back().position;
  auto walked = co_await scan_from(false);
  if (!walked) co_return fail(walked.error());
  if (indexed_position > 0 && walked->position == indexed_position && walked->position < *log_size) {
    walked = co_await scan_from(true);
    if (!walked) co_return fail(walked.error());
    report.index_rebuilt = true;
  }
  const uint64_t valid_end = walked->position;
  if (!decoded || (valid_end > 0 && index_bytes.empty())) report.index_rebuilt = true;
  if (walked->malformed && problem.empty()) problem = fmt::format("incomplete or malformed message at byte {}", valid_end);

  if (valid_end < *log_size) {
    // Zeros after the last message are space allocated ahead (a crash before
    // the trim on close): trimmed, not reported as damage.
    auto zeros = co_await only_zeros(*s->log, valid_end, *log_size);
    if (!zeros) co_return fail(zeros.error());
    if (*zeros) {
      report.preallocated_bytes = *log_size - valid_end;
    } else {
      report.truncated_bytes = *log_size - valid_end;
      report.reason = problem;
    }
    if (auto r = co_await s->log->async_truncate(valid_end); !r) co_return fail(errc_from_errno(r.error()));
  }
  s->size = valid_end;
  s->allocated = valid_end;
  s->message_count = count;
  if (count > 0) {
    s->last_timestamp = last_ts;  // the scan always re-reads at least the last indexed message
    std::array<uint8_t, model::message_header_size> first{};
    auto n = co_await async_read_fully(*s->log, first.data(), first.size(), 0);
    if (!n) co_return fail(errc_from_errno(n.error()));
    s->first_timestamp = message_view(first.data()).timestamp();
  }

  // Rewrite the index file when it no longer matches the entries in memory.
  const size_t kept = [&] {
    size_t k = 0;
    if (decoded) {
      const auto& old = decoded->entries();
      while (k < old.size() && k < s->index.size() && old[k] == s->index.entries()[k]) ++k;
    }
    return k;
  }();
  if (kept * index_entry_size != index_bytes.size()) {
    if (auto r = co_await s->index_file->async_truncate(kept * index_entry_size); !r)
      co_return fail(errc_from_errno(r.error()));
  }
  s->index_entries_persisted = kept;
  if (auto r = co_await persist_index(*s); !r) co_return fail(r.error());
  s->index_file.reset();  // reopened when the next entry is written
  co_return s;
}

}  // namespace whippet::storage
