// The tail cache (storage/direct_appender.h): what a direct partition keeps
// in memory, what reads it answers, its per-shard bound, and that it never
// answers with bytes the log no longer has.

#include <algorithm>

#include "storage/direct_appender.h"
#include "storage_fixture.h"

using namespace whippet;
using namespace whippet::testkit;
using storage::errc;

// The tail cache (storage/direct_appender.h): a direct partition keeps the
// newest bytes it wrote in memory and answers reads of them from there.
namespace {
class tail_cache_test : public storage_test {
 protected:
  storage::partition_config direct(uint64_t tail_cache) {
    auto c = config(64 << 20, 4096);
    c.direct_io = true;
    c.tail_cache = tail_cache;
    return c;
  }
  // `count` messages of `size` bytes each, numbered from `from`, in batches of 10.
  static void fill(storage::partition_log& p, uint64_t from, uint64_t count, size_t size) {
    for (uint64_t i = from; i < from + count; i += 10) {
      std::vector<std::string> batch;
      for (uint64_t j = i; j < std::min(from + count, i + 10); ++j) batch.push_back(numbered(j, size));
      ASSERT_TRUE(append(p, batch).ok());
    }
  }
  static std::string numbered(uint64_t i, size_t size) {
    std::string s = "m" + std::to_string(i) + ":";
    s.resize(size, static_cast<char>('a' + i % 26));
    return s;
  }
  static void expect_messages(const result<storage::read_result, errc>& r, uint64_t from, uint64_t count, size_t size) {
    auto msgs = messages(r);
    ASSERT_EQ(msgs.size(), count);
    for (uint64_t i = 0; i < count; ++i) {
      ASSERT_EQ(msgs[i].offset, from + i);
      ASSERT_EQ(msgs[i].payload, numbered(from + i, size)) << "offset " << from + i;
      ASSERT_TRUE(msgs[i].checksum_ok);
    }
  }
  static size_t memory_ranges(const storage::read_result& r) {
    return static_cast<size_t>(
        std::count_if(r.ranges.begin(), r.ranges.end(), [](const auto& x) { return x.memory != nullptr; }));
  }
};
}  // namespace

// Reads of recent messages, by offset, count, bytes, timestamp and from the
// end, neither read the file (the walk to a message's position included) nor
// send from it. Through the page cache, the same reads read the file.
TEST_F(tail_cache_test, recent_messages_are_read_from_memory) {
  for (const bool with_direct : {true, false}) {
    SCOPED_TRACE(with_direct ? "direct" : "page cache");
    testkit::fault_plan plan;
    plan.only_paths_with = ".log";
    testkit::faulty_file_system fs(plan);
    auto c = direct(8 << 20);
    c.direct_io = with_direct;
    auto p = open(c, &fs);
    fill(*p, 0, 2000, 200);  // ~0.5 MiB: two chunks and more
    plan.bytes_read = 0;
    auto some = p->read(777, 300, 1 << 20);
    expect_messages(some, 777, 300, 200);
    auto limited = p->read(1500, 1000, 10 * 264);
    expect_messages(limited, 1500, 10, 200);
    auto last = p->read_last(5, 1 << 20);
    expect_messages(last, 1995, 5, 200);
    ASSERT_TRUE(p->read_from_timestamp(0, 3, 1 << 20).ok());
    if (with_direct) {
      EXPECT_EQ(plan.bytes_read.load(), 0u) << "the walks read the cache, not the file";
      EXPECT_EQ(memory_ranges(*some), some->ranges.size());
      EXPECT_GE(p->tail_cache_bytes(), p->size_bytes());
    } else {
      EXPECT_GT(plan.bytes_read.load(), 0u);
      EXPECT_EQ(memory_ranges(*some), 0u);
      EXPECT_EQ(p->tail_cache_bytes(), 0u);
    }
    ASSERT_TRUE(p->close().ok());
    std::filesystem::remove_all(dir_.path() / "p0");
  }
}

// The direct partitions of a shard share one budget: a partition's cache
// never holds more, the oldest bytes of the shard go first, and what is not
// held is read from the file. A read keeps the memory it answered with alive.
TEST_F(tail_cache_test, the_shard_budget_bounds_the_caches_and_the_oldest_bytes_go_first) {
  constexpr uint64_t budget = 1 << 20;
  auto a = open(direct(budget));
  fill(*a, 0, 3000, 1000);  // ~3 MiB
  EXPECT_LE(a->tail_cache_bytes(), budget);
  EXPECT_GE(a->tail_cache_bytes(), budget / 2);
  auto all = a->read(0, 5000, 1ull << 40);
  expect_messages(all, 0, 3000, 1000);
  ASSERT_FALSE(all->ranges.empty());
  EXPECT_EQ(all->ranges.front().memory, nullptr) << "the oldest bytes come from the file";
  EXPECT_GE(all->ranges.front().fd, 0);
  EXPECT_NE(all->ranges.back().memory, nullptr) << "the newest from memory";
  const uint64_t a_before = a->tail_cache_bytes();

  auto b = storage::partition_log::open(storage::posix_file_system(), dir_.path() / "p1", direct(budget));
  ASSERT_TRUE(b.ok());
  fill(**b, 0, 700, 1000);  // ~0.7 MiB: takes the budget from a's oldest bytes
  EXPECT_LE(a->tail_cache_bytes() + (*b)->tail_cache_bytes(), budget);
  EXPECT_LT(a->tail_cache_bytes(), a_before);
  EXPECT_GE((*b)->tail_cache_bytes(), (*b)->size_bytes() - storage::direct_appender::k_chunk);
  expect_messages(a->read(0, 5000, 1ull << 40), 0, 3000, 1000);
  expect_messages((*b)->read(0, 5000, 1ull << 40), 0, 700, 1000);
  // The first read still holds the memory it was answered with.
  expect_messages(all, 0, 3000, 1000);
}

// A budget of 0 keeps nothing after a write; every read is from the file.
TEST_F(tail_cache_test, a_budget_of_zero_keeps_nothing) {
  auto p = open(direct(0));
  fill(*p, 0, 500, 300);
  EXPECT_EQ(p->tail_cache_bytes(), 0u);
  auto r = p->read(0, 1000, 1ull << 40);
  expect_messages(r, 0, 500, 300);
  EXPECT_EQ(memory_ranges(*r), 0u);
}

// The cache never answers with bytes the log no longer has: after a purge,
// after a write that failed and was cut off, after a reopen.
TEST_F(tail_cache_test, no_stale_bytes_after_a_purge_a_failed_write_or_a_reopen) {
  testkit::fault_plan plan;
  plan.only_paths_with = ".log";
  testkit::faulty_file_system fs(plan);
  auto p = open(direct(8 << 20), &fs);
  fill(*p, 0, 100, 500);
  ASSERT_TRUE(p->purge().ok());
  fill(*p, 0, 50, 700);  // other sizes, other bytes, the same offsets
  expect_messages(p->read(0, 1000, 1ull << 40), 0, 50, 700);

  plan.fail_writes_after = plan.writes.load();
  EXPECT_FALSE(append(*p, {numbered(50, 700)}).ok());
  plan.fail_writes_after = -1;
  fill(*p, 50, 20, 700);
  expect_messages(p->read(0, 1000, 1ull << 40), 0, 70, 700);
  ASSERT_TRUE(p->close().ok());
  p.reset();

  auto again = open(direct(8 << 20), &fs);
  expect_messages(again->read(0, 1000, 1ull << 40), 0, 70, 700);
  fill(*again, 70, 30, 700);  // the first write after a reopen reads its block's head back
  expect_messages(again->read(0, 1000, 1ull << 40), 0, 100, 700);
}
