#pragma once
// sparse_index: one entry per `interval` bytes of a segment's log, holding the
// relative offset, byte position and timestamp of the message that starts
// there. The first message of a segment always has an entry. Lookups are
// binary searches; the caller scans forward from the entry it gets.
//
// On disk (.index): entries back to back, 16 bytes each, little-endian:
//   relative_offset:u32 position:u32 timestamp:u64
// The index is derivable from the log: recovery rebuilds it when it is
// missing or damaged, so it is never fsynced on the append path.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace whippet::storage {

struct index_entry {
  uint32_t relative_offset = 0;
  uint32_t position = 0;
  uint64_t timestamp = 0;
  bool operator==(const index_entry&) const = default;
};

inline constexpr size_t index_entry_size = 16;

class sparse_index {
 public:
  const std::vector<index_entry>& entries() const noexcept { return entries_; }
  bool empty() const noexcept { return entries_.empty(); }
  size_t size() const noexcept { return entries_.size(); }
  const index_entry& back() const { return entries_.back(); }
  void push_back(const index_entry& e) { entries_.push_back(e); }
  void clear() noexcept { entries_.clear(); }

  // The last entry at or before a relative offset / byte position.
  std::optional<index_entry> floor_offset(uint32_t relative_offset) const noexcept;
  std::optional<index_entry> floor_position(uint64_t position) const noexcept;
  // The last entry with a timestamp before `timestamp`: scanning forward from
  // it reaches the first message at or after `timestamp`.
  std::optional<index_entry> last_before_timestamp(uint64_t timestamp) const noexcept;

  // Drops entries whose position is at or past `position`.
  void truncate_at_position(uint64_t position) noexcept;

  static void encode(const index_entry& e, uint8_t* out) noexcept;
  // Decodes a whole index file. Returns nullopt when it is damaged: a partial
  // entry, offsets or positions not increasing, or a position past log_size.
  static std::optional<sparse_index> decode(std::span<const uint8_t> bytes, uint64_t log_size);

 private:
  std::vector<index_entry> entries_;
};

}  // namespace whippet::storage
