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

result<std::unique_ptr<partition>, storage::errc> partition::open(storage::file_system& fsys, const fs::path& dir,
                                                                  storage::partition_config config,
                                                                  dedup_settings dedup, bool durable_offsets) {
  auto log = storage::partition_log::open(fsys, dir, std::move(config));
  if (!log) return fail(log.error());
  auto offsets = storage::offset_store::open(fsys, dir / "offsets", durable_offsets);
  if (!offsets) return fail(offsets.error());
  return std::unique_ptr<partition>(new partition(dir, std::move(*log), std::move(*offsets), dedup));
}

boost::asio::awaitable<result<std::unique_ptr<partition>, storage::errc>> partition::async_create(
    storage::file_system& fsys, fs::path dir, storage::partition_config config, dedup_settings dedup,
    bool durable_offsets) {
  auto log = co_await storage::partition_log::async_create(fsys, dir, std::move(config));
  if (!log) co_return fail(log.error());
  auto offsets = co_await storage::offset_store::async_create(fsys, dir / "offsets", durable_offsets);
  if (!offsets) co_return fail(offsets.error());
  co_return std::unique_ptr<partition>(new partition(dir, std::move(*log), std::move(*offsets), dedup));
}

boost::asio::awaitable<bool> partition::async_destroy(storage::file_system& fsys) {
  bool ok = true;
  if (auto r = co_await log_->async_remove_files(); !r) ok = false;
  if (auto r = co_await offsets_->async_remove_all(); !r) ok = false;
  if (auto r = co_await fsys.async_remove_directory(dir_); !r) ok = false;
  co_return ok;
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
