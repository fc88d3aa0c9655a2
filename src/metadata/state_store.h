#pragma once
// state_store: the durable form of the catalog, in the data directory's
// state/ folder:
//
//   state/snapshot   operations that rebuild the catalog up to a sequence number
//   state/log        operations applied since, one record each, appended
//
//   record = length:u32 checksum:u64 seq:u64 operation[length]
//            (checksum = XXH3-64 of seq and operation)
//   snapshot = "WHIPSNAP" last_seq:u64 record*
//
// Owned by shard 0. append() returns once the record is in the page cache
// (and on disk, with fsync). A torn or corrupt log tail is cut off on open.
// When the log grows past `compact_after` records, the current catalog is
// written as a new snapshot (temp file, fsync, rename) and the log emptied;
// log records at or below the snapshot's sequence are skipped on replay, so
// a crash between the two steps is harmless.

#include <cstdint>
#include <filesystem>
#include <memory>

#include "base/result.h"
#include "metadata/catalog.h"
#include "metadata/errc.h"
#include "metadata/operations.h"

namespace whippet::metadata {

struct state_options {
  bool fsync = false;           // fdatasync every record ([system.state] enforce_fsync)
  uint64_t compact_after = 1000;
};

class state_store {
 public:
  // Loads snapshot + log into `out`.
  static result<std::unique_ptr<state_store>, errc> open(const std::filesystem::path& state_dir,
                                                         state_options options, catalog& out);
  ~state_store();
  state_store(const state_store&) = delete;
  state_store& operator=(const state_store&) = delete;

  // Persists `op`, which has already been applied to produce `after`.
  result<void, errc> append(const operation& op, const catalog& after);
  result<void, errc> compact(const catalog& c);

  uint64_t log_records() const noexcept { return log_records_; }
  uint64_t truncated_bytes() const noexcept { return truncated_bytes_; }

 private:
  state_store(std::filesystem::path dir, state_options options) : dir_(std::move(dir)), options_(options) {}

  std::filesystem::path dir_;
  state_options options_;
  int log_fd_ = -1;
  uint64_t log_size_ = 0;
  uint64_t next_seq_ = 1;
  uint64_t log_records_ = 0;
  uint64_t truncated_bytes_ = 0;
};

}  // namespace whippet::metadata
