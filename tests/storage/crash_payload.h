#pragma once
// Shared by crash_writer and crash_test: the payload of a given offset, and
// the partition settings both use.

#include <string>

#include "storage/partition_log.h"

inline std::string crash_payload(uint64_t offset) {
  std::string s = "offset-" + std::to_string(offset) + "-";
  s.append(1 + (offset * 7919) % 700, static_cast<char>('a' + offset % 26));
  return s;
}

inline whippet::storage::partition_config crash_test_config() {
  whippet::storage::partition_config c;
  c.segment_size = 256 * 1024;  // many rolls
  c.index_interval_bytes = 1024;
  c.sync.mode = whippet::storage::sync_mode::always;
  return c;
}
