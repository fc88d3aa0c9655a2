// The storage engine through a fault-injecting file seam: short writes are
// completed, failed writes and syncs stop the partition, and a reopen
// recovers everything that was acknowledged.

#include "storage_fixture.h"

using namespace whippet;
using namespace whippet::testkit;
using storage::errc;

namespace {
class fault_injection_test : public storage_test {
 protected:
  fault_plan plan_;
  faulty_file_system fs_{plan_};
};
}  // namespace

TEST_F(fault_injection_test, short_writes_are_completed) {
  plan_.short_writes = true;
  auto p = open(config(), &fs_);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(append(*p, {payload_for(i), payload_for(i + 100)}).ok());
  EXPECT_GT(plan_.writes.load(), 40);  // it really was cut into pieces
  auto msgs = messages(p->read(0, 100, 1 << 20));
  ASSERT_EQ(msgs.size(), 40u);
  for (const auto& m : msgs) EXPECT_TRUE(m.checksum_ok);
}

TEST_F(fault_injection_test, eio_on_write_fails_the_append_and_stops_the_partition) {
  auto p = open(config(), &fs_);
  ASSERT_TRUE(append(*p, {"kept-0", "kept-1"}).ok());
  plan_.fail_writes_after = plan_.writes.load();
  auto r = append(*p, {"lost"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), errc::io_error);
  EXPECT_TRUE(p->failed());
  plan_.fail_writes_after = -1;  // the disk recovers, but this partition does not carry on
  auto again = append(*p, {"refused"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error(), errc::partition_failed);
  // What was acknowledged can still be read.
  auto msgs = messages(p->read(0, 10, 1 << 20));
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[1].payload, "kept-1");
  p.reset();
  auto reopened = open(config());
  EXPECT_EQ(reopened->next_offset(), 2u);
  EXPECT_EQ(append(*reopened, {"next"})->first_offset, 2u);
}

TEST_F(fault_injection_test, enospc_is_reported_as_no_space) {
  plan_.write_errno = ENOSPC;
  auto p = open(config(), &fs_);
  plan_.fail_writes_after = plan_.writes.load();
  auto r = append(*p, {"x"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), errc::no_space);
  EXPECT_EQ(append(*p, {"y"}).error(), errc::partition_failed);
}

TEST_F(fault_injection_test, short_write_then_error_leaves_a_tail_that_recovery_cuts) {
  auto p = open(config(), &fs_);
  ASSERT_TRUE(append(*p, {payload_for(0), payload_for(1)}).ok());
  const auto good = p->size_bytes();
  plan_.short_writes = true;
  plan_.fail_writes_after = plan_.writes.load() + 1;  // half a batch lands, then EIO
  ASSERT_FALSE(append(*p, {std::string(4000, 'q')}).ok());
  p.reset();
  EXPECT_GT(std::filesystem::file_size(dir_.path() / "p0" / "00000000000000000000.log"), good);
  auto reopened = open(config());
  EXPECT_GT(reopened->recovery().truncated_bytes, 0u);
  EXPECT_EQ(reopened->size_bytes(), good);
  EXPECT_EQ(reopened->next_offset(), 2u);
}

TEST_F(fault_injection_test, failed_fsync_under_always_fails_the_append_and_stops_the_partition) {
  auto c = config();
  c.sync.mode = storage::sync_mode::always;
  auto p = open(c, &fs_);
  ASSERT_TRUE(append(*p, {"durable"}).ok());
  EXPECT_GE(plan_.syncs.load(), 1);
  plan_.fail_syncs_after = plan_.syncs.load();
  auto r = append(*p, {"not durable"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), errc::io_error);
  plan_.fail_syncs_after = -1;
  EXPECT_EQ(append(*p, {"refused"}).error(), errc::partition_failed);
  EXPECT_EQ(p->sync().error(), errc::partition_failed);
}

TEST_F(fault_injection_test, never_policy_does_not_sync_and_always_syncs_each_append) {
  {
    auto p = open(config(), &fs_);
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(append(*p, {"x"}).ok());
    EXPECT_EQ(plan_.syncs.load(), 0);
    ASSERT_TRUE(p->sync().ok());  // an explicit flush
    EXPECT_EQ(plan_.syncs.load(), 1);
  }
  plan_.syncs = 0;
  auto c = config();
  c.sync.mode = storage::sync_mode::always;
  auto p = open(c, &fs_);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(append(*p, {"x"}).ok());
  EXPECT_EQ(plan_.syncs.load(), 5);  // one writer at a time: one sync each
}

TEST_F(fault_injection_test, interval_policy_syncs_when_due) {
  auto c = config();
  c.sync.mode = storage::sync_mode::interval;
  c.sync.interval = std::chrono::milliseconds(100);
  auto p = open(c, &fs_);
  ASSERT_TRUE(append(*p, {"a"}).ok());
  ASSERT_TRUE(append(*p, {"b"}).ok());
  EXPECT_EQ(plan_.syncs.load(), 0);
  ASSERT_TRUE(p->sync_if_due().ok());
  EXPECT_EQ(plan_.syncs.load(), 0);  // not due yet
  clock_ += 150'000;
  ASSERT_TRUE(p->sync_if_due().ok());
  EXPECT_EQ(plan_.syncs.load(), 1);
  ASSERT_TRUE(p->sync_if_due().ok());
  EXPECT_EQ(plan_.syncs.load(), 1);  // nothing new to sync
  clock_ += 150'000;
  ASSERT_TRUE(append(*p, {"c"}).ok());  // appends never sync inline under `interval`
  EXPECT_EQ(plan_.syncs.load(), 1);
  ASSERT_TRUE(p->sync_if_due().ok());
  EXPECT_EQ(plan_.syncs.load(), 2);
}

TEST_F(fault_injection_test, failure_while_rolling_stops_the_partition) {
  auto c = config(500, 128);
  c.sync.mode = storage::sync_mode::always;
  auto p = open(c, &fs_);
  ASSERT_TRUE(append(*p, {std::string(400, 'a')}).ok());
  plan_.fail_syncs_after = plan_.syncs.load();  // the roll syncs the old segment first
  auto r = append(*p, {std::string(400, 'b')});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(p->failed());
}
