// Power cuts at the file seam (support/power_cut_file_system.h): after each
// cut only what was synced survives, directory entries included. Under the
// durable settings nothing acknowledged is lost, through hundreds of cuts, in
// the partition log, the metadata state store and the offset store. With
// syncing off, the same runs must report losses: proof that the tests see
// what a cut takes.

#include <gtest/gtest.h>

#include <random>

#include "metadata/state_store.h"
#include "storage/offset_store.h"
#include "storage/partition_log.h"
#include "support/batch_builder.h"
#include "support/power_cut_file_system.h"

using namespace whippet;
using namespace whippet::testkit;

namespace {

constexpr int k_cuts = 200;
const std::filesystem::path k_root = "/data";

// A power-cut file system with a durable, empty data directory.
std::unique_ptr<power_cut_file_system> fresh_disk() {
  auto fs = std::make_unique<power_cut_file_system>();
  EXPECT_TRUE(fs->create_directories(k_root).ok());
  EXPECT_TRUE(fs->sync_directory("/").ok());
  return fs;
}

std::vector<std::string> payloads_of(const storage::partition_log& p) {
  std::vector<std::string> out;
  auto r = p.read(0, 1'000'000, 1ull << 30);
  if (!r) return out;
  auto bytes = storage::read_bytes(*r);
  EXPECT_TRUE(bytes.ok());
  if (!bytes) return out;
  size_t at = 0;
  while (at < bytes->size()) {
    const storage::message_view m(bytes->data() + at);
    EXPECT_TRUE(m.checksum_ok());
    EXPECT_EQ(m.offset(), out.size()) << "a gap or a repeat in the offsets";
    out.emplace_back(reinterpret_cast<const char*>(m.payload().data()), m.payload().size());
    at += m.size();
  }
  return out;
}

struct run_result {
  int cuts = 0;
  uint64_t acknowledged = 0;
  uint64_t lost = 0;  // acknowledged, then missing after a cut
};

run_result partition_log_cuts(storage::sync_mode mode, uint32_t seed, bool direct_io = false) {
  auto fs = fresh_disk();
  std::mt19937 rng(seed);
  const auto dir = k_root / "streams" / "1.1" / "topics" / "2.2" / "partitions" / "0.2";
  std::vector<std::string> acked;
  run_result out;
  for (int cut = 0; cut < k_cuts; ++cut) {
    storage::partition_config config;
    config.segment_size = 2048;  // rolls often: new segment files and directory entries
    config.index_interval_bytes = 256;
    config.sync.mode = mode;
    config.durable_root = k_root;
    config.direct_io = direct_io;
    auto p = storage::partition_log::open(*fs, dir, config);
    if (!p) {
      ADD_FAILURE() << "cut " << cut << ": the partition does not reopen: " << storage::to_string(p.error());
      return out;
    }
    const auto found = payloads_of(**p);
    size_t kept = 0;
    while (kept < std::min(found.size(), acked.size()) && found[kept] == acked[kept]) ++kept;
    out.lost += acked.size() - kept;
    EXPECT_LE(found.size(), acked.size() + 64) << "more came back than was ever written";
    acked = found;  // what survived is where the next round continues
    const int batches = 1 + static_cast<int>(rng() % 4);
    for (int b = 0; b < batches; ++b) {
      batch_builder builder;
      std::vector<std::string> batch;
      const int n = 1 + static_cast<int>(rng() % 5);
      for (int i = 0; i < n; ++i) {
        batch.push_back("c" + std::to_string(cut) + "-" + std::to_string(acked.size() + batch.size()) +
                        std::string(rng() % 300, 'x'));
        builder.add(batch.back());
      }
      auto valid = storage::message_batch::validate(builder.bytes(), builder.count());
      EXPECT_TRUE(valid.ok());
      if (!valid) continue;
      if ((*p)->append(*valid)) {
        acked.insert(acked.end(), batch.begin(), batch.end());
        out.acknowledged += batch.size();
      }
    }
    fs->power_cut();  // before anything else: no clean shutdown
    p->reset();
    ++out.cuts;
  }
  return out;
}

std::vector<uint8_t> fingerprint(const metadata::catalog& c) {
  std::vector<uint8_t> out;
  for (const auto& op : metadata::snapshot_of(c)) {
    const auto b = metadata::encode(op);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

run_result state_store_cuts(bool fsync, uint32_t seed) {
  auto fs = fresh_disk();
  std::mt19937 rng(seed);
  metadata::catalog acked;
  uint32_t next_id = 0;
  run_result out;
  for (int cut = 0; cut < k_cuts; ++cut) {
    metadata::catalog loaded;
    auto s = metadata::state_store::open(*fs, k_root / "state", {fsync, 7}, loaded);
    if (!s) {
      ADD_FAILURE() << "cut " << cut << ": the state does not reopen: " << metadata::to_string(s.error());
      return out;
    }
    if (fingerprint(loaded) != fingerprint(acked)) {
      out.lost += 1 + (acked.streams.size() > loaded.streams.size() ? acked.streams.size() - loaded.streams.size() : 0);
      acked = loaded;
    }
    next_id = acked.streams.empty() ? 0 : acked.streams.rbegin()->first + 1;
    const int changes = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < changes; ++i) {
      metadata::catalog next = acked;
      std::vector<metadata::operation> ops;
      if (!next.streams.empty() && rng() % 3 == 0) {
        ops.push_back(metadata::update_stream_op{next.streams.begin()->first, "renamed-" + std::to_string(cut)});
      } else {
        ops.push_back(metadata::create_stream_op{next_id, "s" + std::to_string(next_id), 1, next.next_incarnation});
        ++next_id;
      }
      for (const auto& op : ops) EXPECT_TRUE(metadata::apply(next, op).ok());
      if ((*s)->append(ops, next)) {
        acked = next;
        ++out.acknowledged;
      }
    }
    fs->power_cut();
    s->reset();
    ++out.cuts;
  }
  return out;
}

run_result offset_store_cuts(bool fsync, uint32_t seed) {
  auto fs = fresh_disk();
  std::mt19937 rng(seed);
  std::map<storage::offset_key, uint64_t> acked;
  run_result out;
  const auto dir = k_root / "p" / "offsets";
  EXPECT_TRUE(fs->create_directories(k_root / "p").ok());
  EXPECT_TRUE(fs->sync_directory(k_root).ok());
  for (int cut = 0; cut < k_cuts; ++cut) {
    auto s = storage::offset_store::open(*fs, dir, fsync);
    if (!s) {
      ADD_FAILURE() << "cut " << cut << ": the offsets do not reopen: " << storage::to_string(s.error());
      return out;
    }
    std::map<storage::offset_key, uint64_t> found;
    for (const auto& [key, value] : acked) {
      auto v = (*s)->get(key);
      if (v != value) ++out.lost;
      if (v) found[key] = *v;
    }
    EXPECT_EQ((*s)->size(), found.size()) << "an offset nobody stored came back";
    acked = found;
    for (int i = 0; i < 4; ++i) {
      const uint32_t who = rng() % 6;
      const storage::offset_key key = who < 2   ? storage::offset_key::consumer(who)
                                      : who < 4 ? storage::offset_key::group(who)
                                                : storage::offset_key::named("consumer-" + std::to_string(who));
      const uint64_t value = acked.count(key) ? acked[key] + 1 + rng() % 100 : rng() % 100;
      if ((*s)->put(key, value)) {
        acked[key] = value;
        ++out.acknowledged;
      }
    }
    fs->power_cut();
    s->reset();
    ++out.cuts;
  }
  return out;
}

}  // namespace

TEST(power_cut, the_partition_log_loses_nothing_acknowledged_under_always) {
  for (uint32_t seed : {1u, 2u}) {
    const auto r = partition_log_cuts(storage::sync_mode::always, seed);
    EXPECT_EQ(r.cuts, k_cuts);
    EXPECT_GT(r.acknowledged, 1000u);
    EXPECT_EQ(r.lost, 0u) << "seed " << seed << ": " << r.lost << " of " << r.acknowledged << " acknowledged messages lost";
  }
}

// Direct appends rewrite the block before each group and pad its last one
// with zeros: a cut anywhere in that keeps everything acknowledged.
TEST(power_cut, direct_appends_lose_nothing_acknowledged_under_always) {
  const auto r = partition_log_cuts(storage::sync_mode::always, 3, /*direct_io=*/true);
  EXPECT_EQ(r.cuts, k_cuts);
  EXPECT_GT(r.acknowledged, 1000u);
  EXPECT_EQ(r.lost, 0u) << r.lost << " of " << r.acknowledged << " acknowledged messages lost";
}

TEST(power_cut, without_fsync_the_partition_log_test_sees_the_losses) {
  const auto r = partition_log_cuts(storage::sync_mode::never, 1);
  EXPECT_EQ(r.cuts, k_cuts);
  EXPECT_GT(r.lost, 0u) << "a test that cannot see a missing fsync proves nothing";
}

TEST(power_cut, the_state_store_loses_no_acknowledged_change_with_fsync) {
  const auto r = state_store_cuts(true, 3);
  EXPECT_EQ(r.cuts, k_cuts);
  EXPECT_GT(r.acknowledged, 300u);
  EXPECT_EQ(r.lost, 0u);
}

TEST(power_cut, without_fsync_the_state_store_test_sees_the_losses) {
  const auto r = state_store_cuts(false, 3);
  EXPECT_GT(r.lost, 0u);
}

TEST(power_cut, the_offset_store_loses_no_stored_offset_with_fsync) {
  const auto r = offset_store_cuts(true, 4);
  EXPECT_EQ(r.cuts, k_cuts);
  EXPECT_GT(r.acknowledged, 500u);
  EXPECT_EQ(r.lost, 0u);
}

TEST(power_cut, without_fsync_the_offset_store_test_sees_the_losses) {
  const auto r = offset_store_cuts(false, 4);
  EXPECT_GT(r.lost, 0u);
}

TEST(power_cut, two_named_consumers_never_share_offsets) {
  auto fs = fresh_disk();
  auto s = storage::offset_store::open(*fs, k_root / "offsets", true);
  ASSERT_TRUE(s.ok());
  // Names whose xxh32 collide would have shared one offset; here every name is its own.
  for (int i = 0; i < 200; ++i) ASSERT_TRUE((*s)->put(storage::offset_key::named("c" + std::to_string(i)), i).ok());
  ASSERT_TRUE((*s)->put(storage::offset_key::consumer(7), 1000).ok());
  s->reset();
  auto again = storage::offset_store::open(*fs, k_root / "offsets", true);
  ASSERT_TRUE(again.ok());
  for (int i = 0; i < 200; ++i) EXPECT_EQ((*again)->get(storage::offset_key::named("c" + std::to_string(i))), uint64_t(i));
  EXPECT_EQ((*again)->get(storage::offset_key::consumer(7)), 1000u);
  EXPECT_FALSE((*again)->get(storage::offset_key::named("c200")).has_value());
}
