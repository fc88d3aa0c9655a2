#include "metadata/state_store.h"

#include <cstring>
#include <vector>

#include "base/log.h"
#include "bytes/checksum.h"
#include "bytes/endian.h"
#include "runtime/run_blocking.h"
#include "storage/segment.h"

namespace asio = boost::asio;

namespace whippet::metadata {
namespace fs = std::filesystem;
namespace {

constexpr char k_snapshot_magic[8] = {'W', 'H', 'I', 'P', 'S', 'T', 'A', 'T'};
constexpr char k_log_magic[8] = {'W', 'H', 'I', 'P', 'S', 'L', 'O', 'G'};
// What the snapshot of a Whippet without format versions began with.
constexpr char k_unversioned_snapshot_magic[8] = {'W', 'H', 'I', 'P', 'S', 'N', 'A', 'P'};
constexpr size_t k_log_header = 16;       // magic format:u32 reserved:u32
constexpr size_t k_snapshot_header = 24;  // magic format:u32 reserved:u32 last_seq:u64
constexpr size_t k_record_header = 4 + 8 + 8;
constexpr uint32_t k_max_record = 64u << 20;

result<std::vector<uint8_t>, int> read_whole(storage::file& f) {
  auto size = f.size();
  if (!size) return fail(size.error());
  std::vector<uint8_t> out(*size);
  size_t done = 0;
  while (done < out.size()) {
    auto n = f.pread(out.data() + done, out.size() - done, done);
    if (!n) return fail(n.error());
    if (*n == 0) break;
    done += *n;
  }
  out.resize(done);
  return out;
}

result<void, int> write_whole(storage::file& f, const std::vector<uint8_t>& data, uint64_t at) {
  iovec iov{const_cast<uint8_t*>(data.data()), data.size()};
  return storage::write_fully(f, std::span(&iov, 1), at);
}

void put_header(std::vector<uint8_t>& out, const char (&magic)[8]) {
  out.insert(out.end(), magic, magic + 8);
  const size_t at = out.size();
  out.resize(at + 8);
  bytes::store_le<uint32_t>(out.data() + at, state_format_version);
}

void append_record(std::vector<uint8_t>& out, uint64_t seq, const operation& op) {
  const auto body = encode(op);
  const size_t at = out.size();
  out.resize(at + k_record_header + body.size());
  uint8_t* p = out.data() + at;
  bytes::store_le<uint32_t>(p, static_cast<uint32_t>(body.size()));
  bytes::store_le<uint64_t>(p + 12, seq);
  std::memcpy(p + k_record_header, body.data(), body.size());
  bytes::store_le<uint64_t>(p + 4, bytes::xxh3_64(p + 12, 8 + body.size()));
}

// Checks a file header: magic and format version.
result<void, errc> check_header(const std::vector<uint8_t>& data, const char (&magic)[8], size_t header,
                                const fs::path& path) {
  if (data.size() >= 8 && std::memcmp(data.data(), k_unversioned_snapshot_magic, 8) == 0) {
    log::error("state: {} was written by a Whippet without format versions; it cannot be read by this one",
               path.string());
    return fail(errc::unsupported_format);
  }
  if (data.size() < header || std::memcmp(data.data(), magic, 8) != 0) {
    log::error("state: {} is not a Whippet state file of format {}", path.string(), state_format_version);
    return fail(data.size() >= 8 ? errc::unsupported_format : errc::corrupt_state);
  }
  const uint32_t format = bytes::load_le<uint32_t>(data.data() + 8);
  if (format != state_format_version) {
    log::error("state: {} has format {}; this server reads format {}{}", path.string(), format, state_format_version,
               format > state_format_version ? " (it was written by a newer Whippet)" : "");
    return fail(errc::unsupported_format);
  }
  return {};
}

enum class walk_stop { end, torn, unknown, malformed, refused };

// Walks records from `at`; calls fn(seq, op) for each whole, valid one.
// Returns where it stopped and why.
template <typename Fn>
size_t walk_records(const std::vector<uint8_t>& data, size_t at, walk_stop& why, Fn fn) {
  why = walk_stop::end;
  while (at < data.size()) {
    if (data.size() - at < k_record_header) {
      why = walk_stop::torn;
      break;
    }
    const uint8_t* p = data.data() + at;
    const uint32_t len = bytes::load_le<uint32_t>(p);
    if (len > k_max_record || data.size() - at - k_record_header < len ||
        bytes::xxh3_64(p + 12, 8 + len) != bytes::load_le<uint64_t>(p + 4)) {
      why = walk_stop::torn;  // short or failing its checksum: a write that did not finish
      break;
    }
    auto op = decode_operation(std::span(p + k_record_header, len));
    if (!op) {
      why = op.error() == decode_error::unknown ? walk_stop::unknown : walk_stop::malformed;
      break;
    }
    if (!fn(bytes::load_le<uint64_t>(p + 12), *op)) {
      why = walk_stop::refused;
      break;
    }
    at += k_record_header + len;
  }
  return at;
}

}  // namespace

result<std::unique_ptr<state_store>, errc> state_store::open(storage::file_system& fs, const fs::path& state_dir,
                                                             state_options options, catalog& out) {
  if (!fs.create_directories(state_dir)) return fail(errc::io_error);
  std::unique_ptr<state_store> s(new state_store(fs, state_dir, options));
  out = catalog{};

  uint64_t snapshot_seq = 0;
  if (auto snap_file = fs.open(state_dir / "snapshot", false)) {
    auto snap = read_whole(**snap_file);
    if (!snap) return fail(errc::io_error);
    if (auto r = check_header(*snap, k_snapshot_magic, k_snapshot_header, state_dir / "snapshot"); !r)
      return fail(r.error());
    snapshot_seq = bytes::load_le<uint64_t>(snap->data() + 16);
    walk_stop why{};
    const size_t end = walk_records(*snap, k_snapshot_header, why, [&](uint64_t, const operation& op) {
      return apply(out, op).ok();
    });
    // A snapshot is written whole and renamed into place: any damage is real corruption.
    if (why == walk_stop::unknown) {
      log::error("state: the snapshot holds an operation this server does not know (a newer Whippet wrote it)");
      return fail(errc::unsupported_format);
    }
    if (why != walk_stop::end || end != snap->size()) {
      log::error("state: snapshot damaged at byte {}", end);
      return fail(errc::corrupt_state);
    }
  } else if (snap_file.error() != ENOENT) {
    return fail(errc::io_error);
  }
  s->next_seq_ = snapshot_seq + 1;

  const bool log_existed = fs.open(state_dir / "log", false).ok();
  auto log_file = fs.open(state_dir / "log", true, 0600);
  if (!log_file) return fail(errc::io_error);
  s->log_ = std::move(*log_file);
  if (!log_existed) {
    // The log's entry in state/ and state/'s in the data directory: without
    // them a power cut loses the whole log, synced records and all.
    if (!fs.sync_directory(state_dir) || !fs.sync_directory(state_dir.parent_path())) return fail(errc::io_error);
  }
  auto log_bytes = read_whole(*s->log_);
  if (!log_bytes) return fail(errc::io_error);
  if (log_bytes->empty()) {
    std::vector<uint8_t> header;
    put_header(header, k_log_magic);
    if (!write_whole(*s->log_, header, 0)) return fail(errc::io_error);
    if (options.fsync && !s->log_->datasync()) return fail(errc::io_error);
    s->log_size_ = header.size();
    return s;
  }
  if (auto r = check_header(*log_bytes, k_log_magic, k_log_header, state_dir / "log"); !r) return fail(r.error());

  uint64_t refused_seq = 0;
  walk_stop why{};
  const size_t valid = walk_records(*log_bytes, k_log_header, why, [&](uint64_t seq, const operation& op) {
    if (seq <= snapshot_seq) return true;  // already in the snapshot
    if (auto r = apply(out, op); !r) {
      refused_seq = seq;
      log::error("state: log record {} does not apply to the state before it ({})", seq, to_string(r.error()));
      return false;
    }
    s->next_seq_ = seq + 1;
    ++s->log_records_;
    return true;
  });
  switch (why) {
    case walk_stop::end: break;
    case walk_stop::torn:
      s->truncated_bytes_ = log_bytes->size() - valid;
      log::warn("state: cut {} byte(s) of torn log tail", s->truncated_bytes_);
      if (!s->log_->truncate(valid)) return fail(errc::io_error);
      break;
    case walk_stop::unknown:
      log::error("state: the log holds an operation this server does not know (a newer Whippet wrote it)");
      return fail(errc::unsupported_format);
    case walk_stop::malformed:
      log::error("state: log record at byte {} passes its checksum but does not decode", valid);
      return fail(errc::corrupt_state);
    case walk_stop::refused:
      (void)refused_seq;
      return fail(errc::corrupt_state);
  }
  s->log_size_ = valid;
  return s;
}

state_store::~state_store() = default;

asio::awaitable<result<void, errc>> state_store::async_append(std::span<const operation> ops, const catalog& after) {
  if (ops.empty()) co_return result<void, errc>{};
  std::vector<uint8_t> records;
  uint64_t seq = next_seq_;
  for (const auto& op : ops) append_record(records, seq++, op);
  iovec iov{records.data(), records.size()};
  if (auto w = co_await storage::async_write_fully(*log_, std::span(&iov, 1), log_size_); !w) {
    log::error("state: cannot append to the log: {}", std::strerror(w.error()));
    (void)co_await log_->async_truncate(log_size_);  // nothing of a refused change may replay later
    co_return fail(errc::io_error);
  }
  if (options_.fsync) {
    if (auto r = co_await log_->async_datasync(); !r) {
      log::error("state: cannot sync the log: {}", std::strerror(r.error()));
      (void)co_await log_->async_truncate(log_size_);
      co_return fail(errc::io_error);
    }
  }
  log_size_ += records.size();
  next_seq_ = seq;
  log_records_ += ops.size();
  if (log_records_ >= options_.compact_after) {
    if (auto r = co_await async_compact(after); !r)
      log::error("state: compaction failed ({}); the log keeps growing", to_string(r.error()));
  }
  co_return result<void, errc>{};
}

asio::awaitable<result<void, errc>> state_store::async_compact(const catalog& c) {
  std::vector<uint8_t> data;
  put_header(data, k_snapshot_magic);
  data.resize(k_snapshot_header);
  bytes::store_le<uint64_t>(data.data() + 16, next_seq_ - 1);
  for (const auto& op : snapshot_of(c)) append_record(data, 0, op);

  const fs::path tmp = dir_ / "snapshot.tmp";
  (void)co_await fs_.async_remove(tmp);
  auto f = co_await fs_.async_open(tmp, true, 0600);
  if (!f) co_return fail(errc::io_error);
  iovec iov{data.data(), data.size()};
  if (!co_await storage::async_write_fully(**f, std::span(&iov, 1), 0) || !co_await (*f)->async_datasync())
    co_return fail(errc::io_error);
  if (!co_await fs_.async_rename(tmp, dir_ / "snapshot") || !co_await fs_.async_sync_directory(dir_))
    co_return fail(errc::io_error);
  // The snapshot holds everything now; the log starts again after its header.
  if (!co_await log_->async_truncate(k_log_header)) co_return fail(errc::io_error);
  if (options_.fsync && !co_await log_->async_datasync()) co_return fail(errc::io_error);
  log_size_ = k_log_header;
  log_records_ = 0;
  co_return result<void, errc>{};
}

result<void, errc> state_store::append(std::span<const operation> ops, const catalog& after) {
  return runtime::run_blocking(async_append(ops, after));
}

result<void, errc> state_store::compact(const catalog& c) { return runtime::run_blocking(async_compact(c)); }

}  // namespace whippet::metadata
