// partition_log: appends, reads, rolls, retention, reopen and recovery.

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "runtime/shard_pool.h"
#include "storage/page_cache.h"
#include "storage/segment.h"

#include "storage_fixture.h"

using namespace whippet;
using namespace whippet::testkit;
using storage::errc;

namespace {
// Every test runs twice: appends through the page cache, and around it
// (O_DIRECT, direct_io): what is acknowledged, read, recovered and cut off
// must be the same.
class partition_log_test : public storage_test, public ::testing::WithParamInterface<bool> {
 protected:
  storage::partition_config config(uint64_t segment_size = 1 << 20, uint32_t index_interval = 256) {
    auto c = storage_test::config(segment_size, index_interval);
    c.direct_io = GetParam();
    return c;
  }
};

std::vector<std::string> range_payloads(uint64_t from, uint64_t to) {
  std::vector<std::string> out;
  for (uint64_t i = from; i < to; ++i) out.push_back(storage_test::payload_for(i));
  return out;
}
}  // namespace

TEST_P(partition_log_test, new_partition_is_empty) {
  auto p = open(config());
  EXPECT_EQ(p->next_offset(), 0u);
  EXPECT_FALSE(p->last_offset().has_value());
  EXPECT_EQ(p->segment_count(), 1u);
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "p0" / "00000000000000000000.log"));
  // The index file comes with its first entries written (an idle partition
  // holds one descriptor); it lags the log while the segment is active and
  // is complete after a close.
  const auto index = dir_.path() / "p0" / "00000000000000000000.index";
  EXPECT_FALSE(std::filesystem::exists(index));
  EXPECT_EQ(messages(p->read(0, 10, 1 << 20)).size(), 0u);
  ASSERT_TRUE(append(*p, {"a"}).ok());
  EXPECT_FALSE(std::filesystem::exists(index)) << "one entry is written with the next batch of entries";
  ASSERT_TRUE(p->close().ok());
  ASSERT_TRUE(std::filesystem::exists(index));
  EXPECT_EQ(std::filesystem::file_size(index), storage::index_entry_size);
}

TEST_P(partition_log_test, append_assigns_offsets_timestamps_ids_and_checksums) {
  auto p = open(config());
  auto a = append(*p, {"a", "b", "c"});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->first_offset, 0u);
  EXPECT_EQ(a->last_offset, 2u);
  EXPECT_EQ(a->timestamp, clock_.load());
  auto b = append(*p, {"d"});
  EXPECT_EQ(b->first_offset, 3u);

  auto r = p->read(0, 100, 1 << 20);
  ASSERT_TRUE(r.ok());
  auto bytes = storage::read_bytes(*r);
  ASSERT_TRUE(bytes.ok());
  size_t at = 0;
  for (uint64_t i = 0; i < 4; ++i) {
    storage::message_view m(bytes->data() + at);
    EXPECT_EQ(m.offset(), i);
    EXPECT_EQ(m.timestamp(), clock_.load());
    EXPECT_EQ(m.origin_timestamp(), 1234u);  // the producer's field is kept
    EXPECT_TRUE(m.checksum_ok());
    // id 0 becomes a random version-4 UUID
    EXPECT_EQ((m.id_bytes()[9] >> 4) & 0xf, 4);  // UUID byte 6 of the u128, stored little-endian
    at += m.size();
  }
}

TEST_P(partition_log_test, producer_ids_are_kept) {
  auto p = open(config());
  batch_builder b;
  b.add("x", {}, 42);
  auto batch = storage::message_batch::validate(b.bytes(), 1);
  ASSERT_TRUE(p->append(*batch).ok());
  auto bytes = storage::read_bytes(*p->read(0, 1, 1 << 20));
  EXPECT_EQ(bytes::load_le<uint64_t>(bytes->data() + model::header_field::id), 42u);
}

TEST_P(partition_log_test, rejected_batch_writes_nothing) {
  auto p = open(config());
  ASSERT_TRUE(append(*p, {"ok"}).ok());
  const auto size = p->size_bytes();
  batch_builder b;
  b.add("fine").add("");
  EXPECT_FALSE(storage::message_batch::validate(b.bytes(), b.count()).ok());
  EXPECT_EQ(p->size_bytes(), size);
  EXPECT_EQ(p->next_offset(), 1u);
}

TEST_P(partition_log_test, timestamps_never_go_backwards) {
  auto p = open(config());
  ASSERT_TRUE(append(*p, {"a"}).ok());
  clock_ -= 1'000'000;  // the wall clock steps back
  ASSERT_TRUE(append(*p, {"b"}).ok());
  auto msgs = messages(p->read(0, 10, 1 << 20));
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_GE(msgs[1].timestamp, msgs[0].timestamp);
}

TEST_P(partition_log_test, read_by_offset_with_count_and_byte_limits) {
  auto p = open(config(1 << 20, 128));
  for (int b = 0; b < 10; ++b) ASSERT_TRUE(append(*p, range_payloads(b * 10, b * 10 + 10)).ok());

  auto some = messages(p->read(37, 5, 1 << 20));
  ASSERT_EQ(some.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(some[i].offset, 37 + i);
    EXPECT_EQ(some[i].payload, payload_for(37 + i));
  }
  EXPECT_EQ(messages(p->read(95, 100, 1 << 20)).size(), 5u);  // only what exists
  EXPECT_TRUE(messages(p->read(100, 10, 1 << 20)).empty());   // past the end

  // A byte budget of ~3 messages returns whole messages only.
  const uint64_t one = 64 + payload_for(50).size();
  auto limited = p->read(50, 100, 3 * one + 10);
  ASSERT_TRUE(limited.ok());
  EXPECT_LE(limited->bytes, 3 * one + 10);
  auto lm = messages(limited);
  ASSERT_GE(lm.size(), 2u);
  EXPECT_EQ(lm.front().offset, 50u);
  EXPECT_EQ(limited->count, lm.size());

  // A budget smaller than one message still yields one message.
  auto tiny = messages(p->read(60, 10, 1));
  ASSERT_EQ(tiny.size(), 1u);
  EXPECT_EQ(tiny[0].offset, 60u);
}

TEST_P(partition_log_test, reads_span_segments_and_return_file_ranges) {
  auto p = open(config(2000, 128));
  for (int b = 0; b < 20; ++b) ASSERT_TRUE(append(*p, range_payloads(b * 5, b * 5 + 5)).ok());
  EXPECT_GT(p->segment_count(), 3u);
  auto r = p->read(0, 1000, 1 << 30);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->count, 100u);
  // One file range per segment; a direct partition answers the newest bytes
  // from memory (its tail cache) instead.
  if (!GetParam()) {
    EXPECT_EQ(r->ranges.size(), p->segment_count());
    for (const auto& range : r->ranges) EXPECT_GE(range.fd, 0);
  } else {
    EXPECT_GE(r->ranges.size(), p->segment_count());
    for (const auto& range : r->ranges) EXPECT_TRUE(range.fd >= 0 || range.memory != nullptr);
  }
  auto msgs = messages(r);
  ASSERT_EQ(msgs.size(), 100u);
  for (uint64_t i = 0; i < 100; ++i) {
    ASSERT_EQ(msgs[i].offset, i);
    ASSERT_EQ(msgs[i].payload, payload_for(i));
    ASSERT_TRUE(msgs[i].checksum_ok);
  }
}

TEST_P(partition_log_test, read_first_last_and_by_timestamp) {
  auto p = open(config(1500, 128));
  for (int b = 0; b < 10; ++b) {
    clock_ += 1000;
    ASSERT_TRUE(append(*p, range_payloads(b * 4, b * 4 + 4)).ok());
  }
  const uint64_t t0 = clock_.load() - 9000;
  auto first = messages(p->read_first(3, 1 << 20));
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].offset, 0u);

  auto last = messages(p->read_last(3, 1 << 20));
  ASSERT_EQ(last.size(), 3u);
  EXPECT_EQ(last[0].offset, 37u);
  EXPECT_EQ(last[2].offset, 39u);

  auto from_t = messages(p->read_from_timestamp(t0 + 5000, 2, 1 << 20));  // batch 5 starts at offset 20
  ASSERT_EQ(from_t.size(), 2u);
  EXPECT_EQ(from_t[0].offset, 20u);
  auto between = messages(p->read_from_timestamp(t0 + 4500, 1, 1 << 20));
  ASSERT_EQ(between.size(), 1u);
  EXPECT_EQ(between[0].offset, 20u);
  EXPECT_TRUE(messages(p->read_from_timestamp(clock_.load() + 1, 5, 1 << 20)).empty());
  EXPECT_EQ(messages(p->read_from_timestamp(0, 1, 1 << 20))[0].offset, 0u);
}

TEST_P(partition_log_test, segments_roll_by_size_and_are_named_by_base_offset) {
  auto p = open(config(1000, 128));
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(append(*p, {payload_for(i)}).ok());
  EXPECT_GT(p->segment_count(), 1u);
  std::vector<std::string> logs;
  for (const auto& e : std::filesystem::directory_iterator(dir_.path() / "p0"))
    if (e.path().extension() == ".log") logs.push_back(e.path().filename().string());
  std::sort(logs.begin(), logs.end());
  EXPECT_EQ(logs.size(), p->segment_count());
  EXPECT_EQ(logs[0], "00000000000000000000.log");
  // Sealed segments are trimmed to what they hold; the active one may also
  // hold the padding of its last block (direct appends write whole blocks).
  for (size_t i = 0; i < logs.size(); ++i)
    EXPECT_LE(std::filesystem::file_size(dir_.path() / "p0" / logs[i]),
              i + 1 < logs.size() || !GetParam() ? 1000u + 200u : 4096u);
}

TEST_P(partition_log_test, segments_roll_by_age) {
  auto c = config(1 << 20);
  c.segment_max_age = std::chrono::seconds(60);
  auto p = open(c);
  ASSERT_TRUE(append(*p, {"a"}).ok());
  clock_ += 30'000'000;
  ASSERT_TRUE(append(*p, {"b"}).ok());
  EXPECT_EQ(p->segment_count(), 1u);
  clock_ += 31'000'000;
  ASSERT_TRUE(append(*p, {"c"}).ok());
  EXPECT_EQ(p->segment_count(), 2u);
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "p0" / "00000000000000000002.log"));
}

TEST_P(partition_log_test, expiry_deletes_whole_sealed_segments_only) {
  auto p = open(config(600, 128));
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(append(*p, {payload_for(i)}).ok());
    clock_ += 1'000'000;  // one second apart
  }
  const size_t segments = p->segment_count();
  ASSERT_GE(segments, 3u);
  // Everything is older than 1 µs, but the active segment stays.
  auto deleted = p->delete_expired_segments(std::chrono::microseconds(1));
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, segments - 1);
  EXPECT_EQ(p->segment_count(), 1u);
  EXPECT_EQ(p->last_offset(), 19u);
  // Reads start at the oldest retained offset.
  auto msgs = messages(p->read(0, 100, 1 << 20));
  ASSERT_FALSE(msgs.empty());
  EXPECT_EQ(msgs.front().offset, p->first_offset());
  EXPECT_EQ(msgs.back().offset, 19u);
}

TEST_P(partition_log_test, expiry_keeps_segments_with_young_messages) {
  auto p = open(config(600, 128));
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(append(*p, {payload_for(i)}).ok());
    clock_ += 1'000'000;
  }
  const size_t before = p->segment_count();
  auto deleted = p->delete_expired_segments(std::chrono::hours(1));
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 0u);
  EXPECT_EQ(p->segment_count(), before);
}

TEST_P(partition_log_test, an_expiry_near_the_largest_value_deletes_nothing) {
  auto p = open(config(600, 128));
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(append(*p, {payload_for(i)}).ok());
    clock_ += 1'000'000;
  }
  const size_t before = p->segment_count();
  ASSERT_GE(before, 3u);
  // last_timestamp + expiry would wrap past zero and make every segment look expired.
  for (const int64_t expiry : {INT64_MAX, INT64_MAX - 1, INT64_MAX / 2 + 12345}) {
    auto deleted = p->delete_expired_segments(std::chrono::microseconds(expiry));
    ASSERT_TRUE(deleted.ok());
    EXPECT_EQ(*deleted, 0u) << expiry;
  }
  EXPECT_EQ(p->segment_count(), before);
}

TEST_P(partition_log_test, max_size_and_delete_oldest) {
  auto p = open(config(600, 128));
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(append(*p, {payload_for(i)}).ok());
  const size_t before = p->segment_count();
  ASSERT_GT(before, 4u);
  auto d = p->enforce_max_size(1500);
  ASSERT_TRUE(d.ok());
  EXPECT_GT(*d, 0u);
  EXPECT_LE(p->size_bytes(), 1500u + 700u);
  auto o = p->delete_oldest_segments(1);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(*o, 1u);
  ASSERT_TRUE(p->delete_oldest_segments(1000).ok());
  EXPECT_EQ(p->segment_count(), 1u);  // never the active one
  EXPECT_EQ(p->last_offset(), 39u);
  EXPECT_EQ(p->next_offset(), 40u);
}

TEST_P(partition_log_test, purge_starts_over_at_offset_zero) {
  auto p = open(config(600, 128));
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(append(*p, {payload_for(i)}).ok());
  ASSERT_TRUE(p->purge().ok());
  EXPECT_EQ(p->next_offset(), 0u);
  EXPECT_EQ(p->segment_count(), 1u);
  EXPECT_TRUE(messages(p->read(0, 10, 1 << 20)).empty());
  ASSERT_EQ(append(*p, {"again"})->first_offset, 0u);
}

TEST_P(partition_log_test, reopen_restores_everything) {
  {
    auto p = open(config(700, 128));
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(append(*p, {payload_for(i)}).ok());
  }
  auto p = open(config(700, 128));
  EXPECT_EQ(p->next_offset(), 50u);
  EXPECT_EQ(p->recovery().truncated_bytes, 0u);
  EXPECT_EQ(p->recovery().indexes_rebuilt, 0u);
  auto msgs = messages(p->read(0, 100, 1 << 20));
  ASSERT_EQ(msgs.size(), 50u);
  for (uint64_t i = 0; i < 50; ++i) EXPECT_EQ(msgs[i].payload, payload_for(i));
  EXPECT_EQ(append(*p, {"next"})->first_offset, 50u);
}

TEST_P(partition_log_test, recovery_truncates_a_torn_tail) {
  std::filesystem::path log;
  uint64_t good_size = 0;
  {
    auto p = open(config());
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(append(*p, {payload_for(i)}).ok());
    good_size = p->size_bytes();
    log = dir_.path() / "p0" / "00000000000000000000.log";
  }
  // Half of an 11th message: a header that promises more than is there.
  {
    batch_builder b;
    b.add(std::string(500, 'z'));
    std::ofstream out(log, std::ios::binary | std::ios::app);
    out.write(reinterpret_cast<const char*>(b.bytes().data()), 300);
  }
  auto p = open(config());
  EXPECT_EQ(p->recovery().truncated_bytes, 300u);
  EXPECT_EQ(std::filesystem::file_size(log), good_size);
  EXPECT_EQ(p->next_offset(), 10u);
  EXPECT_EQ(append(*p, {"after"})->first_offset, 10u);
  auto msgs = messages(p->read(0, 100, 1 << 20));
  ASSERT_EQ(msgs.size(), 11u);
  EXPECT_EQ(msgs[10].payload, "after");
}

TEST_P(partition_log_test, recovery_truncates_at_a_corrupt_message) {
  const auto log = dir_.path() / "p0" / "00000000000000000000.log";
  uint64_t position_of_7 = 0;
  {
    auto p = open(config(1 << 20, 1 << 20));  // one index entry: the scan covers everything
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(append(*p, {payload_for(i)}).ok());
    position_of_7 = p->read(7, 1, 1 << 20)->ranges[0].position;
  }
  {
    std::fstream f(log, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(static_cast<std::streamoff>(position_of_7 + 70));  // a payload byte
    f.put('#');
  }
  auto p = open(config(1 << 20, 1 << 20));
  EXPECT_GT(p->recovery().truncated_bytes, 0u);
  EXPECT_EQ(p->next_offset(), 7u);
  for (const auto& m : messages(p->read(0, 100, 1 << 20))) EXPECT_TRUE(m.checksum_ok);
}

TEST_P(partition_log_test, missing_or_damaged_index_is_rebuilt) {
  const auto index = dir_.path() / "p0" / "00000000000000000000.index";
  std::vector<char> original;
  {
    auto p = open(config(1 << 20, 128));
    for (int i = 0; i < 40; ++i) ASSERT_TRUE(append(*p, {payload_for(i)}).ok());
  }
  {
    std::ifstream in(index, std::ios::binary);
    original.assign(std::istreambuf_iterator<char>(in), {});
    ASSERT_GT(original.size(), 32u);
  }
  std::filesystem::remove(index);
  {
    auto p = open(config(1 << 20, 128));
    EXPECT_EQ(p->recovery().indexes_rebuilt, 1u);
    EXPECT_EQ(p->next_offset(), 40u);
    EXPECT_EQ(messages(p->read(33, 1, 1 << 20))[0].payload, payload_for(33));
  }
  {
    std::ifstream in(index, std::ios::binary);
    std::vector<char> rebuilt(std::istreambuf_iterator<char>(in), {});
    EXPECT_EQ(rebuilt, original);  // the index is a function of the log
  }
  // Garbage in the index: also rebuilt.
  {
    std::ofstream out(index, std::ios::binary | std::ios::trunc);
    out << "this is not an index at all!!!!!";
  }
  auto p = open(config(1 << 20, 128));
  EXPECT_EQ(p->recovery().indexes_rebuilt, 1u);
  EXPECT_EQ(messages(p->read(21, 1, 1 << 20))[0].payload, payload_for(21));
}

namespace {
struct producer_outcome {
  int acknowledged = 0;
  int refused = 0;
  bool offsets_right = true;  // every acknowledged append got a range of its size
  bool all_finished = false;
};

// Runs `producers` coroutines on one io_context on this thread (as a shard
// runs them), each appending `batches` batches of `per_batch` messages;
// `each_ms`, if given, runs every millisecond until they are done.
producer_outcome run_appenders(storage::partition_log& p, int producers, int batches, int per_batch,
                               const std::function<void()>& each_ms = {}) {
  boost::asio::io_context ctx(1);
  const runtime::context_scope on(ctx);
  producer_outcome out;
  int finished = 0;
  for (int t = 0; t < producers; ++t) {
    boost::asio::co_spawn(
        ctx,
        [&, t]() -> boost::asio::awaitable<void> {
          for (int b = 0; b < batches; ++b) {
            batch_builder builder;
            for (int i = 0; i < per_batch; ++i) builder.add("t" + std::to_string(t) + "-" + std::to_string(b * per_batch + i));
            auto batch = storage::message_batch::validate(builder.bytes(), builder.count());
            auto r = co_await p.async_append(*batch);
            if (!r.ok()) {
              ++out.refused;
              continue;
            }
            ++out.acknowledged;
            if (r->last_offset - r->first_offset != uint64_t(per_batch - 1)) out.offsets_right = false;
          }
          ++finished;
        },
        boost::asio::detached);
  }
  if (each_ms) {
    boost::asio::co_spawn(
        ctx,
        [&]() -> boost::asio::awaitable<void> {
          boost::asio::steady_timer timer(ctx);
          for (int i = 0; i < 60'000 && finished < producers; ++i) {  // a minute at most
            each_ms();
            timer.expires_after(std::chrono::milliseconds(1));
            co_await timer.async_wait(boost::asio::use_awaitable);
          }
        },
        boost::asio::detached);
  }
  ctx.run();
  out.all_finished = finished == producers;
  return out;
}

// True if every append succeeded with the right offset range.
bool run_producers(storage::partition_log& p, int producers, int batches, int per_batch) {
  const auto out = run_appenders(p, producers, batches, per_batch);
  return out.all_finished && out.refused == 0 && out.offsets_right;
}
}  // namespace

// Group commit without threads: producers are coroutines of one thread; the
// ones that queue while a sync is in flight share the next one.
TEST_P(partition_log_test, concurrent_appenders_get_distinct_contiguous_offsets) {
  auto c = config(1 << 16, 256);
  c.sync.mode = storage::sync_mode::always;
  fault_plan plan;
  plan.sync_delay_ms = 3;  // long enough for the other writers to queue up behind a sync
  faulty_file_system fs(plan);
  auto p = open(c, &fs);
  constexpr int producers = 4, batches = 50, per_batch = 10;
  const int syncs_before = plan.syncs.load();
  EXPECT_TRUE(run_producers(*p, producers, batches, per_batch));
  EXPECT_EQ(p->next_offset(), uint64_t{producers * batches * per_batch});
  const int appends = producers * batches;
  const int syncs = plan.syncs.load() - syncs_before;
  EXPECT_LT(syncs, appends / 2) << syncs << " syncs for " << appends << " appends";
  EXPECT_EQ(p->queued_appends(), 0u);
  // Each producer's messages are in its own order.
  auto msgs = messages(p->read(0, 100000, 1ull << 30));
  ASSERT_EQ(msgs.size(), size_t{producers * batches * per_batch});
  std::vector<int> next(producers, 0);
  for (size_t i = 0; i < msgs.size(); ++i) {
    ASSERT_EQ(msgs[i].offset, i);
    const int t = msgs[i].payload[1] - '0';
    ASSERT_EQ(msgs[i].payload, "t" + std::to_string(t) + "-" + std::to_string(next[t]));
    ++next[t];
  }
}

// Every append that arrives while an fdatasync is in flight is committed by
// the next one, however many there are: 64 producers, one batch each, cost
// two syncs (the first append's own, then one for the 63 that queued behind it).
TEST_P(partition_log_test, appends_queued_during_a_sync_share_the_next_one) {
  auto c = config(64 << 20, 4096);
  c.sync.mode = storage::sync_mode::always;
  fault_plan plan;
  plan.sync_delay_ms = 20;
  faulty_file_system fs(plan);
  auto p = open(c, &fs);
  const int syncs_before = plan.syncs.load();
  EXPECT_TRUE(run_producers(*p, 64, 1, 3));
  EXPECT_EQ(plan.syncs.load() - syncs_before, 2);
  EXPECT_EQ(p->next_offset(), 64u * 3);
}

// Under `always` the next group is written while the previous one syncs,
// and a reader never sees a message before it is durable.
TEST_P(partition_log_test, groups_are_written_while_the_previous_one_syncs_and_published_once_durable) {
  auto c = config(64 << 20, 4096);
  c.sync.mode = storage::sync_mode::always;
  c.preallocate = 0;
  fault_plan plan;
  plan.only_paths_with = ".log";
  plan.sync_delay_ms = 5;
  faulty_file_system fs(plan);
  auto p = open(c, &fs);
  uint64_t checks = 0, ahead = 0, max_in_flight = 0;
  const auto out = run_appenders(*p, 8, 20, 5, [&] {
    ++checks;
    if (p->size_bytes() > plan.durable_end.load()) ++ahead;
    max_in_flight = std::max<uint64_t>(max_in_flight, p->groups_in_flight());
  });
  ASSERT_TRUE(out.all_finished);
  EXPECT_EQ(out.acknowledged, 8 * 20);
  EXPECT_TRUE(out.offsets_right);
  EXPECT_GT(checks, 10u);
  EXPECT_EQ(ahead, 0u) << "a reader saw bytes that were not yet durable";
  EXPECT_GT(plan.writes_during_sync.load(), 0) << "no group was written while a sync was in flight";
  EXPECT_GE(max_in_flight, 1u);
  EXPECT_EQ(p->groups_in_flight(), 0u);
  // (Direct appends write, and make durable, whole blocks.)
  EXPECT_EQ(GetParam() ? (p->size_bytes() + 4095) / 4096 * 4096 : p->size_bytes(), plan.durable_end.load());
  EXPECT_EQ(p->next_offset(), 8u * 20 * 5);
}

// A sync that fails fails the group it was for and every group written
// while it was in flight; none of them is readable, none comes back from
// disk, and the next append takes the offset after the last durable one.
TEST_P(partition_log_test, a_failed_sync_fails_every_group_in_flight_and_none_of_them_survives) {
  auto c = config(64 << 20, 4096);
  c.sync.mode = storage::sync_mode::always;
  fault_plan plan;
  plan.only_paths_with = ".log";
  faulty_file_system fs(plan);
  {
    auto p = open(c, &fs);
    ASSERT_TRUE(append(*p, {"durable"}).ok());
    plan.sync_delay_ms = 20;
    plan.fail_syncs_after = plan.syncs.load();  // the next sync fails, after 20 ms
    const int writes_during = plan.writes_during_sync.load();
    const auto out = run_appenders(*p, 6, 1, 2);
    ASSERT_TRUE(out.all_finished);
    EXPECT_EQ(out.acknowledged, 0);
    EXPECT_EQ(out.refused, 6);
    EXPECT_GT(plan.writes_during_sync.load(), writes_during) << "no group was written while the sync failed";
    EXPECT_EQ(p->groups_in_flight(), 0u);
    EXPECT_EQ(p->next_offset(), 1u);
    EXPECT_EQ(messages(p->read(0, 100, 1 << 20)).size(), 1u);
    plan.fail_syncs_after = -1;
    plan.sync_delay_ms = 0;
    auto next = append(*p, {"after"});
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(next->first_offset, 1u);
    ASSERT_TRUE(p->close().ok());
  }
  auto p = open(c);  // from disk, without the fault seam
  auto msgs = messages(p->read(0, 100, 1 << 20));
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].payload, "durable");
  EXPECT_EQ(msgs[1].payload, "after");
  EXPECT_EQ(p->recovery().truncated_bytes, 0u);
}

// The active segment grows by preallocation steps; what was allocated ahead
// is trimmed on roll and on close, and a crash that leaves it behind is
// trimmed at recovery without being reported as damage.
TEST_P(partition_log_test, segments_grow_by_steps_and_are_trimmed) {
  auto c = config(1 << 20, 256);
  c.preallocate = 256 << 10;
  const auto log0 = dir_.path() / "p0" / "00000000000000000000.log";
  uint64_t committed = 0;
  {
    auto p = open(c);
    ASSERT_TRUE(append(*p, {"a", "b", "c"}).ok());
    committed = p->size_bytes();
    EXPECT_EQ(std::filesystem::file_size(log0), 256u << 10) << "one step allocated ahead";
    // Past the segment size: the old segment is trimmed as it rolls.
    for (int i = 0; i < 40; ++i) ASSERT_TRUE(append(*p, {std::string(30000, 'x')}).ok());
    ASSERT_GT(p->segment_count(), 1u);
    uint64_t first_size = 0;
    {
      auto r = p->read(0, 1u << 20, 1ull << 40);
      ASSERT_TRUE(r.ok());
      // The first segment's ranges (a direct partition's may be several) run
      // on from position 0; the next segment's start at 0 again.
      for (const auto& range : r->ranges) {
        if (range.position != first_size) break;
        first_size += range.length;
      }
    }
    EXPECT_EQ(std::filesystem::file_size(log0), first_size) << "trimmed on roll";
    ASSERT_TRUE(p->close().ok());
  }
  {
    // Nothing allocated ahead is left in any segment after a clean close.
    auto p = open(c);
    EXPECT_EQ(p->recovery().preallocated_bytes, 0u);
    EXPECT_EQ(p->recovery().truncated_bytes, 0u);
    ASSERT_TRUE(p->close().ok());
  }
  // A crash with space allocated ahead: zeros after the last message.
  std::filesystem::remove_all(dir_.path() / "p0");
  {
    auto p = open(c);
    ASSERT_TRUE(append(*p, {"a", "b", "c"}).ok());
    committed = p->size_bytes();
    // No close: copy the files as a crash would leave them.
    std::filesystem::copy(dir_.path() / "p0", dir_.path() / "crashed");
    ASSERT_TRUE(p->close().ok());
    EXPECT_EQ(std::filesystem::file_size(log0), committed) << "trimmed on close";
  }
  EXPECT_EQ(std::filesystem::file_size(dir_.path() / "crashed" / "00000000000000000000.log"), 256u << 10);
  auto again = storage::partition_log::open(storage::posix_file_system(), dir_.path() / "crashed", c);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->recovery().truncated_bytes, 0u);
  EXPECT_EQ((*again)->recovery().preallocated_bytes, (256u << 10) - committed);
  EXPECT_EQ((*again)->next_offset(), 3u);
  EXPECT_EQ(std::filesystem::file_size(dir_.path() / "crashed" / "00000000000000000000.log"), committed);
}

// While a segment is active its index file lags the log by at most 16 MiB of
// messages; a crash then costs a start-up that much scanning, no more.
TEST_P(partition_log_test, the_index_file_lags_the_log_by_a_bounded_amount) {
  auto p = open(config(64 << 20, 4096));
  const auto index = dir_.path() / "p0" / "00000000000000000000.index";
  const std::vector<std::string> batch(100, std::string(10000, 'i'));  // about 1 MiB
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(append(*p, batch).ok());
  ASSERT_TRUE(std::filesystem::exists(index));
  auto r = p->read(0, 1u << 30, 1ull << 40);
  ASSERT_TRUE(r.ok());
  const uint64_t log_bytes = r->bytes;
  std::ifstream in(index, std::ios::binary);
  const std::vector<char> raw(std::istreambuf_iterator<char>(in), {});
  auto on_disk = storage::sparse_index::decode(
      std::span(reinterpret_cast<const uint8_t*>(raw.data()), raw.size()), log_bytes);
  ASSERT_TRUE(on_disk && !on_disk->empty());
  // What is on disk reaches to within 16 MiB (and one batch) of the end.
  EXPECT_GE(uint64_t{on_disk->back().position} + (16u << 20) + (1u << 20), log_bytes);
  // A crash now: the copy recovers every message by scanning past the last entry.
  std::filesystem::copy(dir_.path() / "p0", dir_.path() / "crashed");
  auto again = storage::partition_log::open(storage::posix_file_system(), dir_.path() / "crashed", config(64 << 20, 4096));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->next_offset(), 2000u);
  EXPECT_EQ((*again)->recovery().truncated_bytes, 0u);
}

// Direct appends bypass the page cache: right after them the segment's pages
// are not cached, where the same appends through the page cache leave them
// all there. Either way the bytes read back are the ones written.
TEST_P(partition_log_test, direct_appends_leave_the_page_cache_alone) {
  auto p = open(config(64 << 20));
  for (uint64_t i = 0; i < 40; ++i) ASSERT_TRUE(append(*p, range_payloads(i * 25, i * 25 + 25)).ok());
  // Asked before anything is read (a read walks the log, which caches it).
  const auto log = p->directory() / (storage::segment_stem(0) + ".log");
  const int fd = ::open(log.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  const auto cached = storage::cached(fd, 0, p->size_bytes());
  ::close(fd);
  if (!cached) GTEST_SKIP() << "the kernel cannot tell what is cached (cachestat)";
  EXPECT_EQ(*cached, !GetParam()) << (GetParam() ? "a direct append went through the page cache"
                                                 : "appends through the page cache are not cached");
  auto r = p->read(0, 1000, 1 << 30);
  auto msgs = messages(r);
  ASSERT_EQ(msgs.size(), 1000u);
  for (uint64_t i = 0; i < 1000; ++i) {
    EXPECT_EQ(msgs[i].payload, payload_for(i));
    EXPECT_TRUE(msgs[i].checksum_ok);
  }
}

// Groups that end inside a block: the next one starts in the same block,
// after a reopen too (the block's first bytes are then read back from the
// file); the padding past the last message never shows and is cut off.
TEST_P(partition_log_test, small_groups_share_blocks_across_reopens) {
  auto c = config();
  c.preallocate = 0;  // the file grows only by what is written (whole blocks, directly)
  std::filesystem::path log;
  {
    auto p = open(c);
    for (uint64_t i = 0; i < 7; ++i) ASSERT_TRUE(append(*p, {payload_for(i)}).ok());
    auto r = p->read(0, 100, 1 << 20);
    ASSERT_TRUE(r.ok());
    log = p->directory() / (storage::segment_stem(0) + ".log");
    const auto on_disk = std::filesystem::file_size(log);
    if (GetParam()) {
      EXPECT_EQ(on_disk % 4096, 0u) << "direct appends write whole blocks";
      EXPECT_GE(on_disk, p->size_bytes());
    } else {
      EXPECT_EQ(on_disk, p->size_bytes());
    }
    EXPECT_EQ(messages(r).size(), 7u);
    ASSERT_TRUE(p->close().ok());
    EXPECT_EQ(std::filesystem::file_size(log), p->size_bytes()) << "close cuts the padding off";
  }
  for (int round = 0; round < 2; ++round) {
    auto p = open(c);
    EXPECT_EQ(p->recovery().truncated_bytes, 0u);
    const uint64_t from = p->next_offset();
    for (uint64_t i = from; i < from + 5; ++i) ASSERT_TRUE(append(*p, {payload_for(i)}).ok());
    auto msgs = messages(p->read(0, 100, 1 << 20));
    ASSERT_EQ(msgs.size(), from + 5);
    for (uint64_t i = 0; i < msgs.size(); ++i) {
      EXPECT_EQ(msgs[i].offset, i);
      EXPECT_EQ(msgs[i].payload, payload_for(i));
      EXPECT_TRUE(msgs[i].checksum_ok);
    }
    ASSERT_TRUE(p->close().ok());
  }
  // What a crash leaves behind a direct append: zeros up to the end of the
  // last block (and further where space was allocated ahead). Recovery trims
  // them without calling them damage.
  const auto size = std::filesystem::file_size(log);
  std::filesystem::resize_file(log, (size + 4095) / 4096 * 4096 + 4096);
  auto p = open(c);
  EXPECT_EQ(p->recovery().truncated_bytes, 0u);
  EXPECT_GT(p->recovery().preallocated_bytes, 0u);
  EXPECT_EQ(p->next_offset(), 17u);
  EXPECT_EQ(std::filesystem::file_size(log), p->size_bytes());
}

// A file system without O_DIRECT (tmpfs) takes direct appends through the
// page cache.
TEST_P(partition_log_test, direct_appends_on_a_file_system_without_direct_io_still_work) {
  if (!std::filesystem::is_directory("/dev/shm")) GTEST_SKIP() << "no /dev/shm";
  std::string tmpl = "/dev/shm/whippet-test-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  const std::filesystem::path dir = tmpl;
  {
    auto p = storage::partition_log::open(storage::posix_file_system(), dir / "p0", config());
    ASSERT_TRUE(p.ok());
    for (uint64_t i = 0; i < 30; ++i) ASSERT_TRUE(append(**p, {payload_for(i)}).ok());
    auto msgs = messages((*p)->read(0, 100, 1 << 20));
    ASSERT_EQ(msgs.size(), 30u);
    EXPECT_EQ(msgs[29].payload, payload_for(29));
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

INSTANTIATE_TEST_SUITE_P(writes, partition_log_test, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& i) { return i.param ? "direct" : "page_cache"; });
