#include "metadata/state_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "base/log.h"
#include "bytes/checksum.h"
#include "bytes/endian.h"

namespace whippet::metadata {
namespace fs = std::filesystem;
namespace {

constexpr char k_snapshot_magic[8] = {'W', 'H', 'I', 'P', 'S', 'N', 'A', 'P'};
constexpr size_t k_record_header = 4 + 8 + 8;
constexpr uint32_t k_max_record = 64u << 20;

std::vector<uint8_t> read_file(const fs::path& path, bool& exists) {
  exists = false;
  std::vector<uint8_t> out;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  exists = true;
  uint8_t buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.insert(out.end(), buf, buf + n);
  }
  ::close(fd);
  return out;
}

bool write_all(int fd, const uint8_t* p, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
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

// Walks records from `at`; calls fn(seq, op) for each whole, valid one.
// Returns the position of the first byte that is not part of a valid record.
template <typename Fn>
size_t walk_records(const std::vector<uint8_t>& data, size_t at, Fn fn) {
  while (data.size() - at >= k_record_header) {
    const uint8_t* p = data.data() + at;
    const uint32_t len = bytes::load_le<uint32_t>(p);
    if (len > k_max_record || data.size() - at - k_record_header < len) break;
    if (bytes::xxh3_64(p + 12, 8 + len) != bytes::load_le<uint64_t>(p + 4)) break;
    auto op = decode_operation(std::span(p + k_record_header, len));
    if (!op) break;
    if (!fn(bytes::load_le<uint64_t>(p + 12), *op)) break;
    at += k_record_header + len;
  }
  return at;
}

void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

result<std::unique_ptr<state_store>, errc> state_store::open(const fs::path& state_dir, state_options options,
                                                             catalog& out) {
  std::error_code ec;
  fs::create_directories(state_dir, ec);
  if (ec) return fail(errc::io_error);
  std::unique_ptr<state_store> s(new state_store(state_dir, options));
  out = catalog{};

  uint64_t snapshot_seq = 0;
  bool exists = false;
  const auto snap = read_file(state_dir / "snapshot", exists);
  if (exists) {
    if (snap.size() < 16 || std::memcmp(snap.data(), k_snapshot_magic, 8) != 0) {
      log::error("state: {} is not a Whippet snapshot", (state_dir / "snapshot").string());
      return fail(errc::corrupt_state);
    }
    snapshot_seq = bytes::load_le<uint64_t>(snap.data() + 8);
    bool applied = true;
    const size_t end = walk_records(snap, 16, [&](uint64_t, const operation& op) {
      applied = apply(out, op).ok();
      return applied;
    });
    // A snapshot is written whole and renamed into place: any damage is real corruption.
    if (end != snap.size() || !applied) {
      log::error("state: snapshot damaged at byte {}", end);
      return fail(errc::corrupt_state);
    }
  }
  s->next_seq_ = snapshot_seq + 1;

  const auto log_bytes = read_file(state_dir / "log", exists);
  const size_t valid = walk_records(log_bytes, 0, [&](uint64_t seq, const operation& op) {
    if (seq <= snapshot_seq) return true;  // already in the snapshot
    if (auto r = apply(out, op); !r) {
      log::warn("state: log record {} does not apply ({}); ignoring it", seq, to_string(r.error()));
    }
    s->next_seq_ = seq + 1;
    ++s->log_records_;
    return true;
  });

  s->log_fd_ = ::open((state_dir / "log").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (s->log_fd_ < 0) return fail(errc::io_error);
  if (valid < log_bytes.size()) {
    s->truncated_bytes_ = log_bytes.size() - valid;
    log::warn("state: cut {} byte(s) of torn or corrupt log tail", s->truncated_bytes_);
    if (::ftruncate(s->log_fd_, static_cast<off_t>(valid)) != 0) return fail(errc::io_error);
  }
  s->log_size_ = valid;
  return s;
}

state_store::~state_store() {
  if (log_fd_ >= 0) ::close(log_fd_);
}

result<void, errc> state_store::append(const operation& op, const catalog& after) {
  std::vector<uint8_t> record;
  append_record(record, next_seq_, op);
  if (::pwrite(log_fd_, record.data(), record.size(), static_cast<off_t>(log_size_)) !=
      static_cast<ssize_t>(record.size())) {
    log::error("state: cannot append to the log: {}", std::strerror(errno));
    return fail(errc::io_error);
  }
  if (options_.fsync && ::fdatasync(log_fd_) != 0) return fail(errc::io_error);
  log_size_ += record.size();
  ++next_seq_;
  ++log_records_;
  if (log_records_ >= options_.compact_after) return compact(after);
  return {};
}

result<void, errc> state_store::compact(const catalog& c) {
  std::vector<uint8_t> data(k_snapshot_magic, k_snapshot_magic + 8);
  data.resize(16);
  const uint64_t last_seq = next_seq_ - 1;
  bytes::store_le<uint64_t>(data.data() + 8, last_seq);
  for (const auto& op : snapshot_of(c)) append_record(data, 0, op);

  const fs::path tmp = dir_ / "snapshot.tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail(errc::io_error);
  const bool ok = write_all(fd, data.data(), data.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), (dir_ / "snapshot").c_str()) != 0) return fail(errc::io_error);
  sync_dir(dir_);
  if (::ftruncate(log_fd_, 0) != 0) return fail(errc::io_error);
  log_size_ = 0;
  log_records_ = 0;
  return {};
}

}  // namespace whippet::metadata
