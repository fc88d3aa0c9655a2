#pragma once
// offset_store: the offsets that consumers and consumer groups stored in one
// partition, beside its segments:
//
//   offsets/consumers/<id>          offset:u64                   numeric consumers
//   offsets/groups/<id>             offset:u64                   consumer groups
//   offsets/named/<16 hex>[-<n>]    offset:u64 name[rest]        named consumers
//
// A named consumer is identified by its whole name (the file name is a hash
// of it, and the name inside the file decides), so two names never share an
// offset. Each store rewrites the first 8 bytes in place (one sector: never
// torn).
//
// Durability when put() returns: with `fsync`, on disk (fdatasync, and the
// directory entry of a new file); without, in the page cache (survives a
// process crash, not a power cut). The server passes fsync =
// system.partition.enforce_fsync (docs/architecture.md, Durability).
//
// Owned by the partition's shard; not thread-safe. async_put() and
// async_remove() go through the shard's ring and pass one at a time through
// the store's lane, so two stores of one offset land in the order they were
// asked; put() and remove() are the same run to completion off the shards.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "runtime/lane.h"
#include "storage/errc.h"
#include "storage/file.h"

namespace whippet::storage {

struct offset_key {
  enum class kind : uint8_t { consumer = 1, group = 2 };
  kind owner = kind::consumer;
  uint32_t id = 0;   // numeric consumers and groups
  std::string name;  // named consumers (then id is unused)
  auto operator<=>(const offset_key&) const = default;
  static offset_key consumer(uint32_t id) { return {kind::consumer, id, {}}; }
  static offset_key named(std::string name) { return {kind::consumer, 0, std::move(name)}; }
  static offset_key group(uint32_t id) { return {kind::group, id, {}}; }
};

class offset_store {
 public:
  static result<std::unique_ptr<offset_store>, errc> open(file_system& fs, const std::filesystem::path& dir,
                                                          bool fsync);
  // A new, empty store (for a partition the catalog just made), on the
  // calling shard's ring, without reading any directory.
  static boost::asio::awaitable<result<std::unique_ptr<offset_store>, errc>> async_create(
      file_system& fs, const std::filesystem::path& dir, bool fsync);

  std::optional<uint64_t> get(const offset_key& key) const;
  boost::asio::awaitable<result<void, errc>> async_put(offset_key key, uint64_t offset);
  // False when nothing was stored.
  boost::asio::awaitable<result<bool, errc>> async_remove(offset_key key);
  result<void, errc> put(const offset_key& key, uint64_t offset);
  result<bool, errc> remove(const offset_key& key);
  // Removes every stored offset (after a purge).
  boost::asio::awaitable<void> async_clear();
  // Deletes every stored offset and the store's directories (the partition is
  // being deleted); the first failure, after trying everything.
  boost::asio::awaitable<result<void, errc>> async_remove_all();
  size_t size() const noexcept { return entries_.size(); }

 private:
  struct entry {
    uint64_t offset = 0;
    std::filesystem::path path;
  };
  offset_store(file_system& fs, std::filesystem::path dir, bool fsync) : fs_(fs), dir_(std::move(dir)), fsync_(fsync) {}
  result<void, errc> load(const std::string& sub, offset_key::kind owner, bool named);
  boost::asio::awaitable<result<void, errc>> store(offset_key key, uint64_t offset);
  std::filesystem::path path_for(const offset_key& key) const;

  file_system& fs_;
  const std::filesystem::path dir_;
  const bool fsync_;
  std::map<offset_key, entry> entries_;
  // Offsets asked for and not yet stored: get() answers with them, so two
  // polls of one consumer never both read from the offset before a store
  // that is still on its way to disk. A store that fails drops its value.
  std::map<offset_key, uint64_t> pending_;
  runtime::lane lane_;
};

}  // namespace whippet::storage
