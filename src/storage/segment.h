#pragma once
// segment: one .log file of messages and its sparse .index, named by the
// segment's base offset (20 digits). Owned by a partition_log on one shard;
// only the partition's writer appends to it.
//
// `size` counts committed bytes only: bytes past it (a write in progress, a
// torn write after a failure, or space allocated ahead of the writer) are
// never read, and recovery cuts them off.
//
// Every function that touches a file is a coroutine on the seam's
// asynchronous calls (the calling shard's ring); run_blocking runs one off
// the shards.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "storage/errc.h"
#include "storage/file.h"
#include "storage/message_batch.h"
#include "storage/sparse_index.h"

namespace whippet::storage {

struct segment {
  uint64_t base_offset = 0;
  std::filesystem::path log_path;
  std::filesystem::path index_path;
  std::shared_ptr<file> log;
  // Open only while entries are being written to it: a recovered segment
  // and a sealed one hold one descriptor (the log's), not two.
  std::shared_ptr<file> index_file;
  // The active segment's O_DIRECT descriptor, for its writer only
  // (partition_config::direct_io); closed when the segment is sealed.
  std::shared_ptr<file> direct;
  file_system* fs = nullptr;  // where index_file is (re)opened
  sparse_index index;
  size_t index_entries_persisted = 0;  // entries already in the .index file
  uint64_t size = 0;                   // committed log bytes
  uint64_t allocated = 0;              // the .log file's length: size plus space allocated ahead
  uint64_t message_count = 0;
  uint64_t first_timestamp = 0;  // of the first message; 0 while empty
  uint64_t last_timestamp = 0;

  uint64_t next_offset() const noexcept { return base_offset + message_count; }
  bool empty() const noexcept { return message_count == 0; }
  std::optional<uint64_t> last_offset() const noexcept {
    if (empty()) return std::nullopt;
    return next_offset() - 1;
  }
};

std::string segment_stem(uint64_t base_offset);  // "00000000000000000042"
// The base offset of "<20 digits><extension>", or nullopt for any other name.
std::optional<uint64_t> parse_segment_file_name(const std::string& name, std::string_view extension);

errc errc_from_errno(int err) noexcept;

// Writes all of `iov` at `position`, continuing after short writes.
result<void, int> write_fully(file& f, std::span<iovec> iov, uint64_t position);
// The same through the file's asynchronous seam (the caller's ring).
boost::asio::awaitable<result<void, int>> async_write_fully(file& f, std::span<iovec> iov, uint64_t position);
// Reads [position, position + size) or up to the end of the file; the count read.
boost::asio::awaitable<result<size_t, int>> async_read_fully(file& f, void* buffer, size_t size, uint64_t position);

// How a walk over messages ended.
struct walk_end {
  uint64_t position = 0;  // where the walk stopped
  bool malformed = false; // stopped at bytes that are not a whole, sane message
};

// Visits the messages in [position, end) of `f`, each whole in memory, until
// the visitor returns false or a message is malformed.
using message_visitor = std::function<bool(const message_view&, uint64_t position)>;
// Where a walk finds bytes in memory before it reads the file (a direct
// partition's tail cache): copies [position, position + size) into `out` and
// returns true when it holds all of them.
using memory_source = std::function<bool(uint8_t* out, size_t size, uint64_t position)>;
boost::asio::awaitable<result<walk_end, errc>> walk_messages(file& f, uint64_t position, uint64_t end,
                                                             const message_limits& limits, message_visitor visit,
                                                             const memory_source& memory = {});

// Creates an empty segment's files.
boost::asio::awaitable<result<std::shared_ptr<segment>, errc>> create_segment(file_system& fs,
                                                                              const std::filesystem::path& dir,
                                                                              uint64_t base_offset);

struct segment_recovery {
  uint64_t truncated_bytes = 0;   // torn or corrupt bytes cut off
  uint64_t preallocated_bytes = 0;  // zeros allocated ahead of the writer, trimmed
  bool index_rebuilt = false;
  std::string reason;  // why bytes were cut off, when they were
};

// Opens an existing segment: loads (or rebuilds) its index, then scans from
// the last index entry to the end of the log verifying every message's
// structure, offset and checksum; a torn or corrupt tail is truncated, and
// so is space allocated ahead that was never written (zeros).
boost::asio::awaitable<result<std::shared_ptr<segment>, errc>> open_segment(file_system& fs,
                                                                            const std::filesystem::path& dir,
                                                                            uint64_t base_offset,
                                                                            const message_limits& limits,
                                                                            uint32_t index_interval,
                                                                            segment_recovery& report);

// Appends the index entries not yet in the .index file.
boost::asio::awaitable<result<void, errc>> persist_index(segment& s);

}  // namespace whippet::storage
