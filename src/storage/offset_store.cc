#include "storage/offset_store.h"

#include <fmt/format.h>

#include <charconv>
#include <utility>
#include <set>

#include "bytes/checksum.h"
#include "bytes/endian.h"
#include "runtime/run_blocking.h"
#include "storage/segment.h"

namespace whippet::storage {
namespace fs = std::filesystem;

result<std::unique_ptr<offset_store>, errc> offset_store::open(file_system& fsys, const fs::path& dir, bool fsync) {
  std::unique_ptr<offset_store> s(new offset_store(fsys, dir, fsync));
  for (const char* sub : {"consumers", "groups", "named"}) {
    const bool existed = fsys.list(dir / sub).ok();
    if (auto r = fsys.create_directories(dir / sub); !r) return fail(errc_from_errno(r.error()));
    if (!existed && fsync) {
      if (auto r = fsys.sync_directory(dir); !r) return fail(errc_from_errno(r.error()));
      if (auto r = fsys.sync_directory(dir.parent_path()); !r) return fail(errc_from_errno(r.error()));
    }
  }
  if (auto r = s->load("consumers", offset_key::kind::consumer, false); !r) return fail(r.error());
  if (auto r = s->load("groups", offset_key::kind::group, false); !r) return fail(r.error());
  if (auto r = s->load("named", offset_key::kind::consumer, true); !r) return fail(r.error());
  return s;
}

boost::asio::awaitable<result<std::unique_ptr<offset_store>, errc>> offset_store::async_create(file_system& fsys,
                                                                                           const fs::path& dir,
                                                                                           bool fsync) {
  std::unique_ptr<offset_store> s(new offset_store(fsys, dir, fsync));
  for (const char* sub : {"consumers", "groups", "named"})
    if (auto r = co_await fsys.async_create_directories(dir / sub); !r) co_return fail(errc_from_errno(r.error()));
  if (fsync) {
    // The subdirectories' entries, and the store's own in the partition.
    if (auto r = co_await fsys.async_sync_directory(dir); !r) co_return fail(errc_from_errno(r.error()));
    if (auto r = co_await fsys.async_sync_directory(dir.parent_path()); !r) co_return fail(errc_from_errno(r.error()));
  }
  co_return s;
}

result<void, errc> offset_store::load(const std::string& sub, offset_key::kind owner, bool named) {
  auto names = fs_.list(dir_ / sub);
  if (!names) return fail(errc_from_errno(names.error()));
  for (const auto& name : *names) {
    const fs::path path = dir_ / sub / name;
    if (name.ends_with(".tmp")) {
      (void)fs_.remove(path);  // a file whose creation did not finish
      continue;
    }
    offset_key key;
    key.owner = owner;
    if (!named) {
      uint32_t id = 0;
      auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
      if (ec != std::errc() || ptr != name.data() + name.size()) continue;  // not ours
      key.id = id;
    }
    auto f = fs_.open(path, false);
    if (!f) return fail(errc_from_errno(f.error()));
    auto size = (*f)->size();
    if (!size) return fail(errc_from_errno(size.error()));
    // A short file is damage, not "nothing stored": say so rather than start from 0.
    if (*size < 8 || (named && *size == 8) || *size > 8 + 4096) return fail(errc::corrupt_data);
    std::vector<uint8_t> bytes(*size);
    size_t done = 0;
    while (done < bytes.size()) {
      auto n = (*f)->pread(bytes.data() + done, bytes.size() - done, done);
      if (!n) return fail(errc_from_errno(n.error()));
      if (*n == 0) return fail(errc::corrupt_data);
      done += *n;
    }
    if (named) key.name.assign(reinterpret_cast<const char*>(bytes.data() + 8), bytes.size() - 8);
    entries_[key] = entry{bytes::load_le<uint64_t>(bytes.data()), path};
  }
  return {};
}

fs::path offset_store::path_for(const offset_key& key) const {
  if (key.owner == offset_key::kind::group) return dir_ / "groups" / std::to_string(key.id);
  if (key.name.empty()) return dir_ / "consumers" / std::to_string(key.id);
  // Named: a hash for the file name, made unique against the names already stored.
  const std::string base = fmt::format("{:016x}", bytes::xxh3_64(key.name.data(), key.name.size()));
  std::set<fs::path> taken;
  for (const auto& [k, e] : entries_) taken.insert(e.path);
  fs::path p = dir_ / "named" / base;
  for (int n = 1; taken.count(p); ++n) p = dir_ / "named" / (base + "-" + std::to_string(n));
  return p;
}

std::optional<uint64_t> offset_store::get(const offset_key& key) const {
  if (auto p = pending_.find(key); p != pending_.end()) return p->second;
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second.offset;
}

boost::asio::awaitable<result<void, errc>> offset_store::async_put(offset_key key, uint64_t offset) {
  pending_[key] = offset;
  auto r = co_await store(key, offset);
  if (auto p = pending_.find(key); p != pending_.end() && p->second == offset) pending_.erase(p);
  co_return r;
}

boost::asio::awaitable<result<void, errc>> offset_store::store(offset_key key, uint64_t offset) {
  auto turn = co_await lane_.enter();
  uint8_t value[8];
  bytes::store_le<uint64_t>(value, offset);
  if (auto it = entries_.find(key); it != entries_.end()) {
    // Opened per store, not kept: a partition may have many consumers, and
    // descriptors are bounded.
    const fs::path path = it->second.path;
    auto f = co_await fs_.async_open(path, false);
    if (!f) co_return fail(errc_from_errno(f.error()));
    iovec iov{value, 8};
    if (auto w = co_await async_write_fully(**f, std::span(&iov, 1), 0); !w) co_return fail(errc_from_errno(w.error()));
    if (fsync_) {
      if (auto s = co_await (*f)->async_datasync(); !s) co_return fail(errc_from_errno(s.error()));
    }
    if (auto again = entries_.find(key); again != entries_.end()) again->second.offset = offset;
    co_return result<void, errc>{};
  }
  // A new file: written whole under a temporary name, then renamed, so that a
  // crash never leaves a file without its name in it.
  const fs::path path = path_for(key);
  const fs::path tmp = fs::path(path.string() + ".tmp");
  auto f = co_await fs_.async_open(tmp, true);
  if (!f) co_return fail(errc_from_errno(f.error()));
  std::vector<uint8_t> content(value, value + 8);
  content.insert(content.end(), key.name.begin(), key.name.end());
  iovec iov{content.data(), content.size()};
  if (auto w = co_await async_write_fully(**f, std::span(&iov, 1), 0); !w) co_return fail(errc_from_errno(w.error()));
  if (fsync_) {
    if (auto s = co_await (*f)->async_datasync(); !s) co_return fail(errc_from_errno(s.error()));
  }
  if (auto r = co_await fs_.async_rename(tmp, path); !r) co_return fail(errc_from_errno(r.error()));
  if (fsync_) {
    if (auto r = co_await fs_.async_sync_directory(path.parent_path()); !r) co_return fail(errc_from_errno(r.error()));
  }
  entries_[key] = entry{offset, path};
  co_return result<void, errc>{};
}

boost::asio::awaitable<result<bool, errc>> offset_store::async_remove(offset_key key) {
  pending_.erase(key);
  auto turn = co_await lane_.enter();
  auto it = entries_.find(key);
  if (it == entries_.end()) co_return false;
  const fs::path path = it->second.path;
  entries_.erase(it);
  if (auto r = co_await fs_.async_remove(path); !r) co_return fail(errc_from_errno(r.error()));
  if (fsync_) (void)co_await fs_.async_sync_directory(path.parent_path());
  co_return true;
}

result<void, errc> offset_store::put(const offset_key& key, uint64_t offset) {
  return runtime::run_blocking(async_put(key, offset));
}

result<bool, errc> offset_store::remove(const offset_key& key) { return runtime::run_blocking(async_remove(key)); }

boost::asio::awaitable<result<void, errc>> offset_store::async_remove_all() {
  pending_.clear();
  auto turn = co_await lane_.enter();
  result<void, int> outcome;
  const auto keep_first = [&](result<void, int> r) {
    if (!r && outcome) outcome = r;
  };
  for (const auto& [k, e] : std::exchange(entries_, {})) keep_first(co_await fs_.async_remove(e.path));
  for (const char* sub : {"consumers", "groups", "named"}) keep_first(co_await fs_.async_remove_directory(dir_ / sub));
  keep_first(co_await fs_.async_remove_directory(dir_));
  if (!outcome) co_return fail(errc_from_errno(outcome.error()));
  co_return result<void, errc>{};
}

boost::asio::awaitable<void> offset_store::async_clear() {
  pending_.clear();
  auto turn = co_await lane_.enter();
  std::set<fs::path> dirs;
  const auto entries = std::exchange(entries_, {});
  for (const auto& [k, e] : entries) {
    (void)co_await fs_.async_remove(e.path);
    dirs.insert(e.path.parent_path());
  }
  if (fsync_)
    for (const auto& d : dirs) (void)co_await fs_.async_sync_directory(d);
}

}  // namespace whippet::storage
