#pragma once
// state_store: the durable form of the catalog, in the data directory's
// state/ folder (grammar: docs/formats/state.md):
//
//   state/snapshot   "WHIPSTAT" format last_seq, then the operations that rebuild the catalog
//   state/log        "WHIPSLOG" format, then the operations applied since, one record each
//
// Both carry the format version; every record carries a stable operation
// code and a layout version. A file in an older or newer format, or a record
// this server does not know, refuses the start (errc::unsupported_format)
// instead of being misread.
//
// Owned by shard 0; all I/O goes through the storage::file_system seam, so
// tests can inject faults and power cuts. async_append() returns once the
// records are in the page cache (and on disk, with fsync); on shard 0 it
// goes through the shard's ring and never blocks it. One append at a time:
// the caller serializes them (broker::commit's lane). append() is the same,
// run to completion off the shards (start-up, tests). A torn or corrupt log tail
// is cut off on open. When the log grows past `compact_after` records, the
// catalog is written as a new snapshot (temp file, fsync, rename, directory
// fsync) and the log emptied; log records at or below the snapshot's
// sequence are skipped on replay, so a crash between the steps is harmless.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "base/result.h"
#include "metadata/catalog.h"
#include "metadata/errc.h"
#include "metadata/operations.h"
#include "storage/file.h"

namespace whippet::metadata {

inline constexpr uint32_t state_format_version = 1;

struct state_options {
  bool fsync = false;           // fdatasync every append ([system.state] enforce_fsync)
  uint64_t compact_after = 1000;
};

class state_store {
 public:
  // Loads snapshot + log into `out`.
  static result<std::unique_ptr<state_store>, errc> open(storage::file_system& fs,
                                                         const std::filesystem::path& state_dir, state_options options,
                                                         catalog& out);
  ~state_store();
  state_store(const state_store&) = delete;
  state_store& operator=(const state_store&) = delete;

  // Persists `ops` (one write; one fdatasync with fsync), which have already
  // been applied in order to produce `after`. A compaction that fails after
  // the records are stored is logged, not reported: the records are durable.
  boost::asio::awaitable<result<void, errc>> async_append(std::span<const operation> ops, const catalog& after);
  boost::asio::awaitable<result<void, errc>> async_compact(const catalog& c);
  result<void, errc> append(std::span<const operation> ops, const catalog& after);
  result<void, errc> append(const operation& op, const catalog& after) { return append(std::span(&op, 1), after); }
  result<void, errc> compact(const catalog& c);

  uint64_t log_records() const noexcept { return log_records_; }
  uint64_t truncated_bytes() const noexcept { return truncated_bytes_; }

 private:
  state_store(storage::file_system& fs, std::filesystem::path dir, state_options options)
      : fs_(fs), dir_(std::move(dir)), options_(options) {}

  storage::file_system& fs_;
  std::filesystem::path dir_;
  state_options options_;
  std::shared_ptr<storage::file> log_;
  uint64_t log_size_ = 0;
  uint64_t next_seq_ = 1;
  uint64_t log_records_ = 0;
  uint64_t truncated_bytes_ = 0;
};

}  // namespace whippet::metadata
