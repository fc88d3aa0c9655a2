#pragma once
// Shared helpers for storage tests: a partition in a temporary directory, and
// appends/reads in terms of payload strings.

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "storage/partition_log.h"
#include "support/batch_builder.h"
#include "support/faulty_file_system.h"
#include "support/temp_dir.h"

namespace whippet::testkit {

struct read_message {
  uint64_t offset;
  uint64_t timestamp;
  std::string payload;
  bool checksum_ok;
};

inline std::vector<read_message> decode_messages(const std::vector<uint8_t>& bytes) {
  std::vector<read_message> out;
  size_t at = 0;
  while (at < bytes.size()) {
    const storage::message_view m(bytes.data() + at);
    out.push_back({m.offset(), m.timestamp(),
                   std::string(reinterpret_cast<const char*>(m.payload().data()), m.payload().size()),
                   m.checksum_ok()});
    at += m.size();
  }
  return out;
}

class storage_test : public ::testing::Test {
 public:
  static std::string payload_for(uint64_t i) { return "message-" + std::to_string(i) + std::string(i % 37, 'x'); }

 protected:
  // A settable clock (µs) so that age and expiry are testable.
  std::atomic<uint64_t> clock_{1'700'000'000'000'000};

  storage::partition_config config(uint64_t segment_size = 1 << 20, uint32_t index_interval = 256) {
    storage::partition_config c;
    c.segment_size = segment_size;
    c.index_interval_bytes = index_interval;
    c.clock_us = [this] { return clock_.load(); };
    return c;
  }

  std::unique_ptr<storage::partition_log> open(const storage::partition_config& c, storage::file_system* fs = nullptr) {
    auto p = storage::partition_log::open(fs ? *fs : storage::posix_file_system(), dir_.path() / "p0", c);
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : storage::to_string(p.error()));
    return p.ok() ? std::move(*p) : nullptr;
  }

  static result<storage::append_result, storage::errc> append(storage::partition_log& p,
                                                              const std::vector<std::string>& payloads) {
    batch_builder b;
    for (const auto& s : payloads) b.add(s);
    auto batch = storage::message_batch::validate(b.bytes(), b.count());
    if (!batch) return fail(batch.error());
    return p.append(*batch);
  }

  static std::vector<read_message> messages(const result<storage::read_result, storage::errc>& r) {
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return {};
    auto bytes = storage::read_bytes(*r);
    EXPECT_TRUE(bytes.ok());
    return bytes.ok() ? decode_messages(*bytes) : std::vector<read_message>{};
  }

  temp_dir dir_;
};

}  // namespace whippet::testkit
