#include "storage/segment.h"

#include <fmt/format.h>

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

result<walk_end, errc> walk_messages(file& f, uint64_t position, uint64_t end, const message_limits& limits,
                                     const message_visitor& visit) {
  std::vector<uint8_t> buffer;
  uint64_t buffer_start = position;
  size_t buffer_len = 0;
  while (position < end) {
    // Make sure the header at `position`, then the whole message, is buffered.
    auto ensure = [&](uint64_t need) -> result<bool, errc> {
      if (position + need > end) return false;
      if (position >= buffer_start && position + need <= buffer_start + buffer_len) return true;
      const size_t want = static_cast<size_t>(std::min<uint64_t>(std::max<uint64_t>(need, k_walk_chunk), end - position));
      buffer.resize(want);
      size_t got = 0;
      while (got < want) {
        auto n = f.pread(buffer.data() + got, want - got, position + got);
        if (!n) return fail(errc_from_errno(n.error()));
        if (*n == 0) break;
        got += *n;
      }
      buffer_start = position;
      buffer_len = got;
      return got >= need;
    };
    auto header_ok = ensure(model::message_header_size);
    if (!header_ok) return fail(header_ok.error());
    if (!*header_ok) return walk_end{position, true};
    const uint8_t* p = buffer.data() + (position - buffer_start);
    const message_view header(p);
    if (header.payload_length() == 0 || header.payload_length() > limits.max_payload ||
        header.user_headers_length() > limits.max_user_headers)
      return walk_end{position, true};
    const uint64_t size = header.size();
    auto whole = ensure(size);
    if (!whole) return fail(whole.error());
    if (!*whole) return walk_end{position, true};
    const message_view m(buffer.data() + (position - buffer_start));
    if (!visit(m, position)) return walk_end{position, false};
    position += size;
  }
  return walk_end{position, false};
}

result<std::shared_ptr<segment>, errc> create_segment(file_system& fs, const std::filesystem::path& dir,
                                                      uint64_t base_offset) {
  auto s = std::make_shared<segment>();
  s->base_offset = base_offset;
  s->log_path = dir / (segment_stem(base_offset) + ".log");
  s->index_path = dir / (segment_stem(base_offset) + ".index");
  auto log = fs.open(s->log_path, true);
  if (!log) return fail(errc_from_errno(log.error()));
  auto index = fs.open(s->index_path, true);
  if (!index) return fail(errc_from_errno(index.error()));
  // A new segment must start empty; a leftover file with this name is stale.
  if (auto r = (*log)->truncate(0); !r) return fail(errc_from_errno(r.error()));
  if (auto r = (*index)->truncate(0); !r) return fail(errc_from_errno(r.error()));
  s->log = std::move(*log);
  s->index_file = std::move(*index);
  return s;
}

result<void, errc> persist_index(segment& s) {
  const size_t pending = s.index.size() - s.index_entries_persisted;
  if (pending == 0) return {};
  std::vector<uint8_t> buf(pending * index_entry_size);
  for (size_t i = 0; i < pending; ++i)
    sparse_index::encode(s.index.entries()[s.index_entries_persisted + i], buf.data() + i * index_entry_size);
  iovec iov{buf.data(), buf.size()};
  if (auto r = write_fully(*s.index_file, std::span(&iov, 1), s.index_entries_persisted * index_entry_size); !r)
    return fail(errc_from_errno(r.error()));
  s.index_entries_persisted = s.index.size();
  return {};
}

result<std::shared_ptr<segment>, errc> open_segment(file_system& fs, const std::filesystem::path& dir,
                                                    uint64_t base_offset, const message_limits& limits,
                                                    uint32_t index_interval, segment_recovery& report) {
  auto s = std::make_shared<segment>();
  s->base_offset = base_offset;
  s->log_path = dir / (segment_stem(base_offset) + ".log");
  s->index_path = dir / (segment_stem(base_offset) + ".index");
  auto log = fs.open(s->log_path, false);
  if (!log) return fail(errc_from_errno(log.error()));
  auto index = fs.open(s->index_path, true);
  if (!index) return fail(errc_from_errno(index.error()));
  s->log = std::move(*log);
  s->index_file = std::move(*index);

  auto log_size = s->log->size();
  if (!log_size) return fail(errc_from_errno(log_size.error()));
  auto index_size = s->index_file->size();
  if (!index_size) return fail(errc_from_errno(index_size.error()));

  // Load the index; a damaged one is rebuilt from the log.
  std::vector<uint8_t> index_bytes(*index_size);
  if (!index_bytes.empty()) {
    auto n = s->index_file->pread(index_bytes.data(), index_bytes.size(), 0);
    if (!n) return fail(errc_from_errno(n.error()));
    index_bytes.resize(*n);
  }
  auto decoded = sparse_index::decode(index_bytes, *log_size);
  if (decoded) {
    s->index = *decoded;
  }
  report.index_rebuilt = !decoded || (*log_size > 0 && index_bytes.empty());

  // Scan from the last index entry to the end, verifying each message and
  // re-deriving index entries for what follows it. If even the indexed
  // message is bad, the index cannot be trusted: scan the whole log.
  std::string problem;
  uint64_t count = 0;
  uint64_t last_ts = 0;
  auto scan_from = [&](bool whole_log) -> result<walk_end, errc> {
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
    return walk_messages(*s->log, position, *log_size, limits, [&](const message_view& m, uint64_t at) {
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
  auto walked = scan_from(false);
  if (!walked) return fail(walked.error());
  if (indexed_position > 0 && walked->position == indexed_position && walked->position < *log_size) {
    report.index_rebuilt = true;
    walked = scan_from(true);
    if (!walked) return fail(walked.error());
  }
  const uint64_t valid_end = walked->position;
  if (walked->malformed && problem.empty()) problem = fmt::format("incomplete or malformed message at byte {}", valid_end);

  if (valid_end < *log_size) {
    report.truncated_bytes = *log_size - valid_end;
    report.reason = problem;
    if (auto r = s->log->truncate(valid_end); !r) return fail(errc_from_errno(r.error()));
  }
  s->size = valid_end;
  s->message_count = count;
  if (count > 0) {
    s->last_timestamp = last_ts;  // the scan always re-reads at least the last indexed message
    std::array<uint8_t, model::message_header_size> first{};
    auto n = s->log->pread(first.data(), first.size(), 0);
    if (!n) return fail(errc_from_errno(n.error()));
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
    if (auto r = s->index_file->truncate(kept * index_entry_size); !r) return fail(errc_from_errno(r.error()));
  }
  s->index_entries_persisted = kept;
  if (auto r = persist_index(*s); !r) return fail(r.error());
  return s;
}

}  // namespace whippet::storage
