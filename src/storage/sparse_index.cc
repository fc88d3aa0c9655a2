#include "storage/sparse_index.h"

#include <algorithm>

#include "bytes/endian.h"

namespace whippet::storage {

std::optional<index_entry> sparse_index::floor_offset(uint32_t relative_offset) const noexcept {
  auto it = std::upper_bound(entries_.begin(), entries_.end(), relative_offset,
                             [](uint32_t v, const index_entry& e) { return v < e.relative_offset; });
  if (it == entries_.begin()) return std::nullopt;
  return *std::prev(it);
}

std::optional<index_entry> sparse_index::floor_position(uint64_t position) const noexcept {
  auto it = std::upper_bound(entries_.begin(), entries_.end(), position,
                             [](uint64_t v, const index_entry& e) { return v < e.position; });
  if (it == entries_.begin()) return std::nullopt;
  return *std::prev(it);
}

std::optional<index_entry> sparse_index::last_before_timestamp(uint64_t timestamp) const noexcept {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), timestamp,
                             [](const index_entry& e, uint64_t v) { return e.timestamp < v; });
  if (it == entries_.begin()) return std::nullopt;
  return *std::prev(it);
}

void sparse_index::truncate_at_position(uint64_t position) noexcept {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), position,
                             [](const index_entry& e, uint64_t v) { return e.position < v; });
  entries_.erase(it, entries_.end());
}

void sparse_index::encode(const index_entry& e, uint8_t* out) noexcept {
  bytes::store_le<uint32_t>(out, e.relative_offset);
  bytes::store_le<uint32_t>(out + 4, e.position);
  bytes::store_le<uint64_t>(out + 8, e.timestamp);
}

std::optional<sparse_index> sparse_index::decode(std::span<const uint8_t> data, uint64_t log_size) {
  if (data.size() % index_entry_size != 0) return std::nullopt;
  sparse_index out;
  out.entries_.reserve(data.size() / index_entry_size);
  for (size_t at = 0; at < data.size(); at += index_entry_size) {
    index_entry e{bytes::load_le<uint32_t>(data.data() + at), bytes::load_le<uint32_t>(data.data() + at + 4),
                  bytes::load_le<uint64_t>(data.data() + at + 8)};
    if (e.position >= log_size) return std::nullopt;
    if (out.entries_.empty()) {
      if (e.relative_offset != 0 || e.position != 0) return std::nullopt;
    } else {
      const auto& prev = out.entries_.back();
      if (e.relative_offset <= prev.relative_offset || e.position <= prev.position || e.timestamp < prev.timestamp)
        return std::nullopt;
    }
    out.entries_.push_back(e);
  }
  return out;
}

}  // namespace whippet::storage
