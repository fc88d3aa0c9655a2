// The metadata store: stable operation codes, round trips of every
// operation, torn and corrupt tails, unknown formats, compaction and replay.

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <fstream>
#include <functional>

#include "bytes/checksum.h"
#include "bytes/endian.h"
#include "metadata/state_store.h"
#include "support/faulty_file_system.h"
#include "support/loop_probe.h"
#include "support/temp_dir.h"

using namespace whippet;
using namespace whippet::metadata;

namespace {

permissions every_right() {
  permissions p;
  p.global = {true, false, true, false, true, false, true, false, true, true};
  p.streams[7].manage_topics = true;
  p.streams[7].send_messages = true;
  p.streams[7].topics[3] = {true, false, false, true};
  p.streams[9].read_stream = true;
  return p;
}

std::vector<operation> one_of_each() {
  return {create_stream_op{1, "s", 10, 41},
          update_stream_op{1, "s2"},
          create_topic_op{1, 2, "t", 11, 2, 3'600'000'000ull, 1ull << 30, 1, {11, 12, 13}, 42, {42, 42, 40}},
          update_topic_op{1, 2, "t2", 1, 0, UINT64_MAX, 0},
          create_partitions_op{1, 2, 2, 14, 43},
          delete_partitions_op{1, 2, 1},
          create_user_op{5, "alice", "$argon2id$x", 1, 15, every_right(), 39},
          update_user_op{5, std::string("alicia"), uint8_t{2}},
          update_permissions_op{5, std::nullopt},
          change_password_op{5, "$argon2id$y"},
          create_pat_op{5, "tok", "abcd", uint64_t{99}},
          delete_pat_op{5, "tok"},
          create_group_op{1, 2, 0, "g"},
          delete_group_op{1, 2, 0},
          delete_user_op{5},
          delete_topic_op{1, 2},
          delete_stream_op{1},
          reserve_incarnations_op{44}};
}

// The catalog as bytes, for comparisons.
std::vector<uint8_t> fingerprint(const catalog& c) {
  std::vector<uint8_t> out;
  for (const auto& op : snapshot_of(c)) {
    const auto b = encode(op);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

class state_test : public ::testing::Test {
 protected:
  std::unique_ptr<state_store> open(catalog& c, uint64_t compact_after = 1000) {
    auto s = state_store::open(storage::posix_file_system(), dir_.path() / "state", {false, compact_after}, c);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : std::string(to_string(s.error())));
    return s.ok() ? std::move(*s) : nullptr;
  }
  result<std::unique_ptr<state_store>, errc> try_open(catalog& c) {
    return state_store::open(storage::posix_file_system(), dir_.path() / "state", {false, 1000}, c);
  }
  // Applies and persists.
  void commit(state_store& s, catalog& c, const operation& op) {
    ASSERT_TRUE(apply(c, op).ok());
    ASSERT_TRUE(s.append(op, c).ok());
  }
  std::filesystem::path log_path() const { return dir_.path() / "state" / "log"; }
  std::vector<uint8_t> read_log() const {
    std::ifstream in(log_path(), std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
  }
  void write_log(const std::vector<uint8_t>& b) const {
    std::ofstream(log_path(), std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(b.data()),
                                                                        static_cast<std::streamsize>(b.size()));
  }

  testkit::temp_dir dir_;
};

}  // namespace

TEST(metadata_codec, operation_codes_are_stable) {
  // Changing any of these breaks every data directory written before.
  const std::vector<uint16_t> expected = {1, 2, 4, 5, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 13, 6, 3, 18};
  const auto ops = one_of_each();
  ASSERT_EQ(ops.size(), expected.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    const auto bytes = encode(ops[i]);
    ASSERT_GE(bytes.size(), 3u);
    EXPECT_EQ(bytes::load_le<uint16_t>(bytes.data()), expected[i]) << i;
    EXPECT_EQ(bytes[2], expected[i] == 9 ? 2 : 1) << "layout version of operation " << i;
  }
}

TEST(metadata_codec, every_operation_round_trips) {
  for (const auto& op : one_of_each()) {
    const auto bytes = encode(op);
    auto back = decode_operation(bytes);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->index(), op.index());
    EXPECT_EQ(encode(*back), bytes);
    // Every prefix is malformed, never a different operation.
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
      auto part = decode_operation(std::span(bytes.data(), cut));
      EXPECT_FALSE(part.ok()) << "prefix of " << cut << " bytes";
    }
  }
}

TEST(metadata_codec, permissions_keep_every_flag) {
  catalog c;
  ASSERT_TRUE(apply(c, create_user_op{5, "alice", "h", 1, 15, every_right()}).ok());
  const auto bytes = encode(snapshot_of(c).at(1));  // after reserve_incarnations
  auto back = decode_operation(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(std::get<create_user_op>(*back).perms, every_right());
}

TEST(metadata_codec, unknown_codes_and_newer_versions_are_unknown_not_malformed) {
  auto bytes = encode(delete_stream_op{1});
  bytes::store_le<uint16_t>(bytes.data(), 999);
  EXPECT_EQ(decode_operation(bytes).error(), decode_error::unknown);
  bytes = encode(delete_stream_op{1});
  bytes[2] = 2;
  EXPECT_EQ(decode_operation(bytes).error(), decode_error::unknown);
}

TEST(metadata_codec, create_user_of_layout_1_is_still_read) {
  // Layout 1 had no incarnation: the same bytes without the trailing u64.
  auto bytes = encode(create_user_op{5, "alice", "h", 1, 15, std::nullopt, 77});
  bytes[2] = 1;
  bytes.resize(bytes.size() - 8);
  auto back = decode_operation(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(std::get<create_user_op>(*back).incarnation, 0u);
  EXPECT_EQ(std::get<create_user_op>(*back).username, "alice");
  bytes[2] = 3;
  EXPECT_EQ(decode_operation(bytes).error(), decode_error::unknown);
}

TEST(metadata_catalog, a_recreated_user_has_a_new_incarnation) {
  catalog c;
  ASSERT_TRUE(apply(c, create_user_op{1, "alice", "h", 1, 15, std::nullopt, c.next_incarnation}).ok());
  const uint64_t first = c.users.at(1).incarnation;
  ASSERT_TRUE(apply(c, delete_user_op{1}).ok());
  ASSERT_TRUE(apply(c, create_user_op{1, "bob", "h", 1, 15, std::nullopt, c.next_incarnation}).ok());
  EXPECT_NE(c.users.at(1).incarnation, first);
  // Same creation time, same id: only the incarnation tells them apart, and
  // it survives a snapshot.
  catalog back;
  for (const auto& op : snapshot_of(c)) ASSERT_TRUE(apply(back, op).ok());
  EXPECT_EQ(back.users.at(1).incarnation, c.users.at(1).incarnation);
  EXPECT_GT(back.next_incarnation, back.users.at(1).incarnation);
}

TEST(metadata_catalog, tokens_are_found_by_hash_through_an_index) {
  catalog c;
  ASSERT_TRUE(apply(c, create_user_op{1, "alice", "h", 1, 1, std::nullopt, 1}).ok());
  ASSERT_TRUE(apply(c, create_user_op{2, "bob", "h", 1, 1, std::nullopt, 2}).ok());
  ASSERT_TRUE(apply(c, create_pat_op{1, "a1", "hash-a1", std::nullopt}).ok());
  ASSERT_TRUE(apply(c, create_pat_op{2, "b1", "hash-b1", uint64_t{5}}).ok());
  ASSERT_TRUE(apply(c, create_pat_op{2, "b2", "hash-b2", std::nullopt}).ok());
  // The same hash twice would make a login ambiguous: refused.
  EXPECT_EQ(apply(c, create_pat_op{1, "other", "hash-b2", std::nullopt}).error(), errc::pat_exists);

  auto [owner, token] = c.find_token("hash-b1");
  ASSERT_NE(token, nullptr);
  EXPECT_EQ(owner->id, 2u);
  EXPECT_EQ(token->name, "b1");
  EXPECT_EQ(c.find_token("hash-zz").second, nullptr);

  ASSERT_TRUE(apply(c, delete_pat_op{2, "b1"}).ok());
  EXPECT_EQ(c.find_token("hash-b1").second, nullptr);
  EXPECT_NE(c.find_token("hash-b2").second, nullptr);
  ASSERT_TRUE(apply(c, delete_user_op{2}).ok());
  EXPECT_EQ(c.find_token("hash-b2").second, nullptr);
  EXPECT_EQ(c.token_owners.size(), 1u);

  catalog back;  // a snapshot rebuilds the index
  for (const auto& op : snapshot_of(c)) ASSERT_TRUE(apply(back, op).ok());
  EXPECT_EQ(back.find_token("hash-a1").first->id, 1u);
  EXPECT_EQ(back.token_owners, c.token_owners);
}

TEST_F(state_test, replay_rebuilds_the_catalog) {
  catalog c;
  {
    auto s = open(c);
    for (const auto& op : one_of_each()) {
      if (std::holds_alternative<delete_stream_op>(op) || std::holds_alternative<delete_user_op>(op)) continue;
      commit(*s, c, op);
    }
  }
  catalog back;
  auto s = open(back);
  EXPECT_EQ(fingerprint(back), fingerprint(c));
  EXPECT_EQ(s->log_records(), one_of_each().size() - 2);
  EXPECT_EQ(back.next_incarnation, 44u);
}

TEST_F(state_test, a_torn_tail_is_cut_and_the_log_goes_on) {
  catalog c;
  {
    auto s = open(c);
    commit(*s, c, create_stream_op{0, "a", 1});
    commit(*s, c, create_stream_op{1, "b", 1});
  }
  auto bytes = read_log();
  const size_t whole = bytes.size();
  bytes.resize(whole - 3);  // the last record, torn
  write_log(bytes);
  catalog back;
  {
    auto s = open(back);
    EXPECT_EQ(back.streams.size(), 1u);
    EXPECT_GT(s->truncated_bytes(), 0u);
    commit(*s, back, create_stream_op{1, "c", 2});
  }
  catalog again;
  open(again);
  ASSERT_EQ(again.streams.size(), 2u);
  EXPECT_EQ(again.streams.at(1).name, "c");
}

TEST_F(state_test, a_record_that_fails_its_checksum_ends_the_log_there) {
  catalog c;
  {
    auto s = open(c);
    for (uint32_t i = 0; i < 3; ++i) commit(*s, c, create_stream_op{i, "s" + std::to_string(i), 1});
  }
  auto bytes = read_log();
  bytes[bytes.size() / 2] ^= 0x40;  // inside the second record
  write_log(bytes);
  catalog back;
  auto s = open(back);
  EXPECT_EQ(back.streams.size(), 1u);
  EXPECT_GT(s->truncated_bytes(), 0u);
}

TEST_F(state_test, formats_it_does_not_know_refuse_the_start) {
  catalog c;
  { auto s = open(c); commit(*s, c, create_stream_op{0, "a", 1}); }
  auto bytes = read_log();
  auto newer = bytes;
  bytes::store_le<uint32_t>(newer.data() + 8, state_format_version + 1);
  write_log(newer);
  catalog back;
  EXPECT_EQ(try_open(back).error(), errc::unsupported_format);

  auto unknown_op = bytes;  // a valid record with a code from the future
  const size_t at = 16 + 20;
  bytes::store_le<uint16_t>(unknown_op.data() + at, 777);
  const uint32_t len = bytes::load_le<uint32_t>(unknown_op.data() + 16);
  bytes::store_le<uint64_t>(unknown_op.data() + 20, bytes::xxh3_64(unknown_op.data() + 28, 8 + len));
  write_log(unknown_op);
  EXPECT_EQ(try_open(back).error(), errc::unsupported_format);

  std::vector<uint8_t> unversioned = {'W', 'H', 'I', 'P', 'S', 'N', 'A', 'P', 0, 0, 0, 0, 0, 0, 0, 0};
  std::ofstream(dir_.path() / "state" / "snapshot", std::ios::binary)
      .write(reinterpret_cast<const char*>(unversioned.data()), 16);
  EXPECT_EQ(try_open(back).error(), errc::unsupported_format);
}

TEST_F(state_test, compaction_past_its_threshold_then_replay_over_the_snapshot) {
  catalog c;
  {
    auto s = open(c, 5);
    for (uint32_t i = 0; i < 12; ++i) commit(*s, c, create_stream_op{i, "s" + std::to_string(i), i});
    EXPECT_LT(s->log_records(), 5u);
    // A change of several operations in one append.
    const std::vector<operation> pair = {update_stream_op{0, "renamed"}, delete_stream_op{1}};
    for (const auto& op : pair) ASSERT_TRUE(apply(c, op).ok());
    ASSERT_TRUE(s->append(pair, c).ok());
  }
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "state" / "snapshot"));
  catalog back;
  open(back, 5);
  EXPECT_EQ(fingerprint(back), fingerprint(c));
  EXPECT_EQ(back.streams.size(), 11u);
  EXPECT_EQ(back.streams.at(0).name, "renamed");
}

TEST(metadata_codec, incarnations_outlive_deleted_objects_in_a_snapshot) {
  catalog c;
  ASSERT_TRUE(apply(c, create_stream_op{0, "s", 1, 7}).ok());
  ASSERT_TRUE(apply(c, create_topic_op{0, 0, "t", 1, 1, 0, 0, 0, {1, 1}, 8}).ok());
  ASSERT_TRUE(apply(c, create_partitions_op{0, 0, 1, 2, 9}).ok());
  ASSERT_TRUE(apply(c, delete_stream_op{0}).ok());
  EXPECT_EQ(c.next_incarnation, 10u);
  catalog rebuilt;
  for (const auto& op : snapshot_of(c)) ASSERT_TRUE(apply(rebuilt, op).ok());
  EXPECT_EQ(rebuilt.next_incarnation, 10u) << "a new object would reuse a deleted one's directory name";
  ASSERT_TRUE(apply(c, create_stream_op{0, "s", 1, 10}).ok());
  ASSERT_TRUE(apply(c, create_topic_op{0, 0, "t", 1, 1, 0, 0, 0, {1, 1}, 11}).ok());
  ASSERT_TRUE(apply(c, create_partitions_op{0, 0, 1, 2, 12}).ok());
  const auto& t = c.streams.at(0).topics.at(0);
  EXPECT_EQ(t.partition_incarnation, (std::vector<uint64_t>{11, 11, 12}));
  catalog again;
  for (const auto& op : snapshot_of(c)) ASSERT_TRUE(apply(again, op).ok());
  EXPECT_EQ(again.streams.at(0).topics.at(0).partition_incarnation, t.partition_incarnation);
  EXPECT_EQ(again.streams.at(0).incarnation, 10u);
}

// On shard 0 the log is appended and synced through the ring: a 50 ms
// fdatasync leaves the loop serving everything else meanwhile, and the
// records are there after a reopen.
TEST(state_store_async, a_slow_sync_of_the_log_does_not_hold_the_loop) {
  testkit::temp_dir dir;
  testkit::fault_plan plan;
  testkit::faulty_file_system fs(plan);
  catalog c;
  auto s = state_store::open(fs, dir.path() / "state", {true, 1000}, c);
  ASSERT_TRUE(s.ok());
  plan.sync_delay_ms = 50;
  const int syncs_before = plan.syncs.load();

  boost::asio::io_context ctx(1);
  bool done = false;
  int ran_meanwhile = 0;
  const operation op = create_stream_op{1, "s", 10, c.next_incarnation};
  ASSERT_TRUE(apply(c, op).ok());
  boost::asio::co_spawn(
      ctx,
      [&]() -> boost::asio::awaitable<void> {
        auto r = co_await (*s)->async_append(std::span(&op, 1), c);
        EXPECT_TRUE(r.ok());
        done = true;
      },
      boost::asio::detached);
  ran_meanwhile = testkit::handlers_run_while(ctx, [&] { return done; });
  EXPECT_TRUE(done);
  EXPECT_GT(ran_meanwhile, 100) << "the append blocked its loop";
  EXPECT_EQ(plan.syncs.load(), syncs_before + 1) << "one fdatasync for the append";

  s->reset();
  catalog back;
  ASSERT_TRUE(state_store::open(fs, dir.path() / "state", {true, 1000}, back).ok());
  EXPECT_EQ(back.streams.count(1), 1u);
}
