#pragma once
// layout: where each stream, topic and partition lives in the data directory,
// in one place (docs/formats/segment.md):
//
//   <path>/streams/<stream id>.<incarnation>/topics/<topic id>.<incarnation>/
//          partitions/<partition id>.<incarnation>/
//
// Incarnations are never reused (metadata/operations.h), so a directory left
// behind by a deleted object — a failed removal, a crash between the metadata
// commit and the removal — can never be taken for a new object with the same
// id. At start-up such directories are moved to <path>/quarantine/.

#include <filesystem>
#include <optional>
#include <string>

#include "metadata/catalog.h"

namespace whippet::server::layout {

inline std::string entry_name(uint32_t id, uint64_t incarnation) {
  return std::to_string(id) + "." + std::to_string(incarnation);
}

inline std::filesystem::path stream_dir(const std::filesystem::path& root, const metadata::stream& s) {
  return root / "streams" / entry_name(s.id, s.incarnation);
}

inline std::filesystem::path topic_dir(const std::filesystem::path& root, const metadata::stream& s,
                                       const metadata::topic& t) {
  return stream_dir(root, s) / "topics" / entry_name(t.id, t.incarnation);
}

inline std::filesystem::path partition_dir(const std::filesystem::path& root, const metadata::stream& s,
                                           const metadata::topic& t, uint32_t partition) {
  const uint64_t inc = partition < t.partition_incarnation.size() ? t.partition_incarnation[partition] : t.incarnation;
  return topic_dir(root, s, t) / "partitions" / entry_name(partition, inc);
}

}  // namespace whippet::server::layout
