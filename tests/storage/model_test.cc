// Randomized model-based test: appends, reads of every kind, segment rolls,
// retention, purge and reopen, checked against an in-memory model of the log.

#include <random>

#include "storage_fixture.h"

using namespace whippet;
using namespace whippet::testkit;

namespace {

struct model_message {
  uint64_t offset;
  uint64_t timestamp;
  std::string payload;
  uint64_t size;  // bytes on disk
};

class partition_model_test : public storage_test, public ::testing::WithParamInterface<uint32_t> {
 protected:
  std::vector<model_message> model_;  // retained messages, in offset order
  uint64_t next_offset_ = 0;

  std::vector<model_message> expected_read(uint64_t offset, uint32_t count, uint64_t max_bytes) const {
    std::vector<model_message> out;
    uint64_t bytes = 0;
    for (const auto& m : model_) {
      if (m.offset < offset) continue;
      if (out.size() == count) break;
      if (!out.empty() && bytes + m.size > max_bytes) break;
      out.push_back(m);
      bytes += m.size;
    }
    return out;
  }

  void check_read(const char* what, const result<storage::read_result, storage::errc>& r,
                  const std::vector<model_message>& expected) {
    ASSERT_TRUE(r.ok()) << what;
    auto got = messages(r);
    ASSERT_EQ(got.size(), expected.size()) << what;
    ASSERT_EQ(r->count, expected.size()) << what;
    for (size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(got[i].offset, expected[i].offset) << what;
      ASSERT_EQ(got[i].timestamp, expected[i].timestamp) << what;
      ASSERT_EQ(got[i].payload, expected[i].payload) << what;
      ASSERT_TRUE(got[i].checksum_ok) << what;
    }
  }

  // Retention removed a prefix of the log: drop it from the model too.
  void trim_model_to(uint64_t first_offset) {
    while (!model_.empty() && model_.front().offset < first_offset) model_.erase(model_.begin());
  }
};

}  // namespace

TEST_P(partition_model_test, random_operations_match_the_model) {
  std::mt19937_64 rng(GetParam());
  auto pick = [&](uint64_t lo, uint64_t hi) { return std::uniform_int_distribution<uint64_t>(lo, hi)(rng); };
  auto c = config(pick(600, 6000), static_cast<uint32_t>(pick(64, 1024)));
  auto p = open(c);
  ASSERT_NE(p, nullptr);

  for (int step = 0; step < 1500; ++step) {
    const uint64_t op = pick(0, 99);
    if (op < 45) {  // append
      const uint32_t n = static_cast<uint32_t>(pick(1, 12));
      std::vector<std::string> payloads;
      for (uint32_t i = 0; i < n; ++i) {
        std::string s(pick(1, 400), '\0');
        for (auto& ch : s) ch = static_cast<char>('a' + pick(0, 25));
        payloads.push_back(std::move(s));
      }
      clock_ += pick(0, 2000);
      auto r = append(*p, payloads);
      ASSERT_TRUE(r.ok()) << "step " << step;
      ASSERT_EQ(r->first_offset, next_offset_);
      for (auto& s : payloads)
        model_.push_back({next_offset_++, r->timestamp, s, model::message_header_size + s.size()});
    } else if (op < 70) {  // read by offset
      const uint64_t from = pick(0, next_offset_ + 3);
      const auto count = static_cast<uint32_t>(pick(1, 50));
      const uint64_t max_bytes = pick(1, 20000);
      check_read("read", p->read(from, count, max_bytes), expected_read(from, count, max_bytes));
    } else if (op < 76) {  // first and last
      const auto count = static_cast<uint32_t>(pick(1, 30));
      const uint64_t first = model_.empty() ? next_offset_ : model_.front().offset;
      check_read("first", p->read_first(count, 1 << 30), expected_read(first, count, 1 << 30));
      const uint64_t last_start = next_offset_ > count ? next_offset_ - count : 0;
      check_read("last", p->read_last(count, 1 << 30), expected_read(last_start, count, 1 << 30));
    } else if (op < 82) {  // by timestamp
      if (model_.empty()) continue;
      const uint64_t t = pick(model_.front().timestamp - 10, model_.back().timestamp + 10);
      uint64_t from = next_offset_;
      for (const auto& m : model_)
        if (m.timestamp >= t) {
          from = m.offset;
          break;
        }
      const auto count = static_cast<uint32_t>(pick(1, 20));
      check_read("timestamp", p->read_from_timestamp(t, count, 1 << 30), expected_read(from, count, 1 << 30));
    } else if (op < 87) {  // reopen
      p.reset();
      p = open(c);
      ASSERT_NE(p, nullptr);
      ASSERT_EQ(p->next_offset(), next_offset_);
      ASSERT_EQ(p->recovery().truncated_bytes, 0u);
    } else if (op < 91) {  // delete oldest segments
      const uint64_t before_first = p->first_offset();
      ASSERT_TRUE(p->delete_oldest_segments(pick(1, 2)).ok());
      ASSERT_GE(p->first_offset(), before_first);
      trim_model_to(p->first_offset());
    } else if (op < 95) {  // size limit
      const uint64_t limit = pick(500, 10000);
      ASSERT_TRUE(p->enforce_max_size(limit).ok());
      trim_model_to(p->first_offset());
      ASSERT_TRUE(p->size_bytes() <= limit || p->segment_count() == 1);
    } else if (op < 99) {  // expiry
      const auto expiry = std::chrono::microseconds(pick(0, 20000));
      ASSERT_TRUE(p->delete_expired_segments(expiry).ok());
      const uint64_t first = p->first_offset();
      for (const auto& m : model_) {
        if (m.offset >= first) break;
        ASSERT_LE(m.timestamp + static_cast<uint64_t>(expiry.count()), clock_.load()) << "deleted a young message";
      }
      trim_model_to(first);
    } else {  // purge
      ASSERT_TRUE(p->purge().ok());
      model_.clear();
      next_offset_ = 0;
    }
    ASSERT_EQ(p->next_offset(), next_offset_) << "step " << step;
    ASSERT_EQ(p->message_count(), model_.size()) << "step " << step;
  }
}

INSTANTIATE_TEST_SUITE_P(seeds, partition_model_test, ::testing::Values(1u, 2u, 3u, 42u, 2026u));
