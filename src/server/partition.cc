#include "server/partition.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "base/log.h"
#include "bytes/checksum.h"
#include "bytes/endian.h"
#include "model/message_layout.h"

namespace whippet::server {
namespace fs = std::filesystem;

namespace {
void load_offsets(const fs::path& dir, std::map<uint32_t, uint64_t>& out) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    char* end = nullptr;
    const unsigned long id = std::strtoul(name.c_str(), &end, 10);
    if (end == name.c_str() || *end != '\0') continue;
    const int fd = ::open(e.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    uint8_t buf[8];
    if (::pread(fd, buf, 8, 0) == 8) out[static_cast<uint32_t>(id)] = bytes::load_le<uint64_t>(buf);
    ::close(fd);
  }
}
}  // namespace

result<std::unique_ptr<partition>, storage::errc> partition::open(const fs::path& dir, storage::partition_config config,
                                                                  dedup_settings dedup) {
  auto log = storage::partition_log::open(storage::posix_file_system(), dir, std::move(config));
  if (!log) return fail(log.error());
  std::error_code ec;
  fs::create_directories(dir / "offsets" / "consumers", ec);
  fs::create_directories(dir / "offsets" / "groups", ec);
  if (ec) return fail(storage::errc::io_error);
  std::unique_ptr<partition> p(new partition(dir, std::move(*log), dedup));
  load_offsets(dir / "offsets" / "consumers", p->consumer_offsets_);
  load_offsets(dir / "offsets" / "groups", p->group_offsets_);
  return p;
}

fs::path partition::offset_path(offset_owner owner, uint32_t id) const {
  return dir_ / "offsets" / (owner == offset_owner::consumer ? "consumers" : "groups") / std::to_string(id);
}

std::optional<uint64_t> partition::stored_offset(offset_owner owner, uint32_t id) const {
  const auto& m = owner == offset_owner::consumer ? consumer_offsets_ : group_offsets_;
  auto it = m.find(id);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

result<void, storage::errc> partition::store_offset(offset_owner owner, uint32_t id, uint64_t offset) {
  const auto path = offset_path(owner, id);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return fail(storage::errc_from_errno(errno));
  uint8_t buf[8];
  bytes::store_le<uint64_t>(buf, offset);
  const bool ok = ::pwrite(fd, buf, 8, 0) == 8;
  const int err = errno;
  ::close(fd);
  if (!ok) return fail(storage::errc_from_errno(err));
  (owner == offset_owner::consumer ? consumer_offsets_ : group_offsets_)[id] = offset;
  return {};
}

result<bool, storage::errc> partition::delete_offset(offset_owner owner, uint32_t id) {
  auto& m = owner == offset_owner::consumer ? consumer_offsets_ : group_offsets_;
  if (!m.erase(id)) return false;
  if (::unlink(offset_path(owner, id).c_str()) != 0 && errno != ENOENT) return fail(storage::errc_from_errno(errno));
  return true;
}

void partition::forget_all_offsets() {
  for (const auto& [id, off] : consumer_offsets_) ::unlink(offset_path(offset_owner::consumer, id).c_str());
  for (const auto& [id, off] : group_offsets_) ::unlink(offset_path(offset_owner::group, id).c_str());
  consumer_offsets_.clear();
  group_offsets_.clear();
}

size_t partition::id_hash::operator()(const std::pair<uint64_t, uint64_t>& p) const noexcept {
  static const uint64_t seed = std::random_device{}() | (uint64_t{std::random_device{}()} << 32);
  const uint64_t words[3] = {p.first, p.second, seed};
  return static_cast<size_t>(bytes::xxh3_64(words, sizeof(words)));
}

namespace {
std::pair<uint64_t, uint64_t> id_of(const uint8_t* p) {
  return {bytes::load_le<uint64_t>(p + model::header_field::id), bytes::load_le<uint64_t>(p + model::header_field::id + 8)};
}
}  // namespace

uint32_t partition::drop_duplicates(std::span<uint8_t>& messages, uint32_t count, uint64_t now_us) {
  if (!dedup_.enabled) return count;
  const auto expiry = static_cast<uint64_t>(dedup_.expiry.count());
  while (!seen_order_.empty() && (seen_order_.front().at_us + expiry <= now_us || seen_order_.size() > dedup_.max_entries)) {
    seen_.erase({seen_order_.front().lo, seen_order_.front().hi});
    seen_order_.pop_front();
  }
  std::unordered_set<std::pair<uint64_t, uint64_t>, id_hash> in_batch;
  size_t read = 0, write = 0;
  uint32_t kept = 0;
  for (uint32_t i = 0; i < count; ++i) {
    uint8_t* p = messages.data() + read;
    const storage::message_view m(p);
    const size_t size = m.size();
    const auto id = id_of(p);
    const bool has_id = id.first != 0 || id.second != 0;  // id 0 gets a fresh random id: never a duplicate
    if (has_id && (seen_.count(id) || !in_batch.insert(id).second)) {
      read += size;
      continue;
    }
    if (write != read) std::memmove(messages.data() + write, p, size);
    write += size;
    read += size;
    ++kept;
  }
  messages = messages.first(write);
  return kept;
}

void partition::remember_ids(std::span<const uint8_t> messages, uint32_t count, uint64_t now_us) {
  if (!dedup_.enabled) return;
  size_t at = 0;
  for (uint32_t i = 0; i < count && at < messages.size(); ++i) {
    const uint8_t* p = messages.data() + at;
    const auto id = id_of(p);
    if ((id.first != 0 || id.second != 0) && seen_.insert(id).second) seen_order_.push_back({id.first, id.second, now_us});
    at += storage::message_view(p).size();
  }
}

}  // namespace whippet::server
