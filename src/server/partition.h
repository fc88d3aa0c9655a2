#pragma once
// partition: one partition as the broker serves it — its storage log, the
// offsets its consumers and consumer groups stored, and the ids it has seen
// recently (de-duplication). Owned by exactly one shard (chosen by hash of
// stream, topic and partition id); only that shard's thread calls it, except
// for the log's own thread-safe getters.
//
// Consumer offsets live beside the segments (storage/offset_store.h).

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <unordered_set>

#include "base/result.h"
#include "runtime/gate.h"
#include "storage/offset_store.h"
#include "storage/partition_log.h"

namespace whippet::server {

struct partition_key {
  uint32_t stream = 0;
  uint32_t topic = 0;
  uint32_t partition = 0;
  bool operator==(const partition_key&) const = default;
};

struct partition_key_hash {
  size_t operator()(const partition_key& k) const noexcept {
    uint64_t h = (uint64_t{k.stream} << 42) ^ (uint64_t{k.topic} << 21) ^ k.partition;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return static_cast<size_t>(h);
  }
};

using storage::offset_key;

struct dedup_settings {
  bool enabled = false;
  size_t max_entries = 10000;
  std::chrono::microseconds expiry{60'000'000};
};

class partition {
 public:
  // `durable_offsets`: stored offsets are fdatasynced before a store returns.
  // Opens (recovers) a partition at start-up, before the shards run.
  static result<std::unique_ptr<partition>, storage::errc> open(storage::file_system& fs,
                                                                const std::filesystem::path& dir,
                                                                storage::partition_config config,
                                                                dedup_settings dedup, bool durable_offsets);
  // Creates a partition the catalog just made, on its shard's ring.
  static boost::asio::awaitable<result<std::unique_ptr<partition>, storage::errc>> async_create(
      storage::file_system& fs, std::filesystem::path dir, storage::partition_config config, dedup_settings dedup,
      bool durable_offsets);

  storage::partition_log& log() noexcept { return *log_; }
  // Entered by every use that may outlive a hop; closed when the partition is deleted.
  runtime::gate& gate() noexcept { return gate_; }
  const std::filesystem::path& directory() const noexcept { return dir_; }

  std::optional<uint64_t> stored_offset(const offset_key& key) const { return offsets_->get(key); }
  // On the partition's shard, through its ring.
  boost::asio::awaitable<result<void, storage::errc>> store_offset(const offset_key& key, uint64_t offset) {
    return offsets_->async_put(key, offset);
  }
  // False when nothing was stored.
  boost::asio::awaitable<result<bool, storage::errc>> delete_offset(const offset_key& key) {
    return offsets_->async_remove(key);
  }
  // Deletes its files and its directory, through the shard's ring (after its
  // gate has closed: nothing uses it any more). False if something was left.
  boost::asio::awaitable<bool> async_destroy(storage::file_system& fs);
  boost::asio::awaitable<void> forget_all_offsets() { return offsets_->async_clear(); }  // after a purge

  // Removes messages whose id was seen within the expiry, or earlier in the
  // same batch, from the batch bytes (compacting them in place); returns the
  // count kept. Records nothing: ids count as seen only once their append
  // succeeded (remember_ids), so a retry after a failed append is stored.
  uint32_t drop_duplicates(std::span<uint8_t>& messages, uint32_t count, uint64_t now_us);
  void remember_ids(std::span<const uint8_t> messages, uint32_t count, uint64_t now_us);

 private:
  partition(std::filesystem::path dir, std::unique_ptr<storage::partition_log> log,
            std::unique_ptr<storage::offset_store> offsets, dedup_settings dedup)
      : dir_(std::move(dir)), log_(std::move(log)), offsets_(std::move(offsets)), dedup_(dedup) {}

  std::filesystem::path dir_;
  runtime::gate gate_;
  std::unique_ptr<storage::partition_log> log_;
  std::unique_ptr<storage::offset_store> offsets_;
  dedup_settings dedup_;
  struct seen_id {
    uint64_t lo, hi, at_us;
  };
  std::deque<seen_id> seen_order_;
  // Ids are chosen by clients: a keyed hash, so that no client can pick ids
  // that all land in one bucket.
  struct id_hash {
    size_t operator()(const std::pair<uint64_t, uint64_t>& p) const noexcept;
  };
  std::unordered_set<std::pair<uint64_t, uint64_t>, id_hash> seen_;
};

// A partition in use: shares its ownership and holds its gate, so that it
// cannot be freed, and its deletion waits, until this use has ended. This,
// never a raw pointer, is what may cross a hop to another thread. Move-only.
class partition_ref {
 public:
  partition_ref() = default;
  // Empty when `p` is null or being deleted (its gate is closed).
  static partition_ref enter(std::shared_ptr<partition> p) {
    partition_ref r;
    if (p && p->gate().enter()) r.p_ = std::move(p);
    return r;
  }
  partition_ref(partition_ref&& o) noexcept = default;
  partition_ref& operator=(partition_ref&& o) noexcept {
    if (this != &o) {
      reset();
      p_ = std::move(o.p_);
    }
    return *this;
  }
  ~partition_ref() { reset(); }
  void reset() noexcept {
    if (p_) p_->gate().leave();
    p_.reset();
  }
  explicit operator bool() const noexcept { return p_ != nullptr; }
  partition* operator->() const noexcept { return p_.get(); }
  partition& operator*() const noexcept { return *p_; }

 private:
  std::shared_ptr<partition> p_;
};

}  // namespace whippet::server
