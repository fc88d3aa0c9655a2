// The storage engine through a fault-injecting file seam: short writes are
// completed, a failed write is cut back so nothing of it survives, a failed
// sync makes the partition reopen from disk, and everything acknowledged is
// kept.

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

TEST_F(fault_injection_test, eio_on_write_fails_that_append_only_and_leaves_nothing_of_it) {
  auto p = open(config(), &fs_);
  ASSERT_TRUE(append(*p, {"kept-0", "kept-1"}).ok());
  plan_.fail_writes_after = plan_.writes.load();
  auto r = append(*p, {"lost"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), errc::io_error);
  EXPECT_FALSE(p->failed());  // cut back to the last acknowledged byte: healthy
  plan_.fail_writes_after = -1;  // the disk recovers: appends go on, right after the acknowledged ones
  auto again = append(*p, {"next"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->first_offset, 2u);
  auto msgs = messages(p->read(0, 10, 1 << 20));
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[1].payload, "kept-1");
  EXPECT_EQ(msgs[2].payload, "next");
  p.reset();
  auto reopened = open(config());
  EXPECT_EQ(reopened->next_offset(), 3u);
  EXPECT_EQ(reopened->recovery().truncated_bytes, 0u);
}

TEST_F(fault_injection_test, enospc_is_reported_as_no_space_and_is_not_sticky) {
  plan_.write_errno = ENOSPC;
  auto p = open(config(), &fs_);
  ASSERT_TRUE(append(*p, {"a"}).ok());
  plan_.fail_writes_after = plan_.writes.load();
  auto r = append(*p, {"x"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), errc::no_space);
  EXPECT_EQ(append(*p, {"y"}).error(), errc::no_space);  // still full: the same answer
  plan_.fail_writes_after = -1;                           // space was freed
  auto z = append(*p, {"z"});
  ASSERT_TRUE(z.ok());
  EXPECT_EQ(z->first_offset, 1u);
  p.reset();
  EXPECT_EQ(open(config())->next_offset(), 2u);
}

TEST_F(fault_injection_test, a_partly_written_batch_is_cut_back_so_none_of_it_comes_back) {
  auto p = open(config(), &fs_);
  ASSERT_TRUE(append(*p, {payload_for(0), payload_for(1)}).ok());
  const auto good = p->size_bytes();
  plan_.short_writes = true;
  plan_.fail_writes_after = plan_.writes.load() + 3;  // whole messages of the batch land, then EIO
  ASSERT_FALSE(append(*p, {payload_for(2), payload_for(3), std::string(4000, 'q')}).ok());
  p.reset();
  // Nothing past the acknowledged bytes is left for recovery to find.
  EXPECT_EQ(std::filesystem::file_size(dir_.path() / "p0" / "00000000000000000000.log"), good);
  auto reopened = open(config());
  EXPECT_EQ(reopened->size_bytes(), good);
  EXPECT_EQ(reopened->next_offset(), 2u);
}

TEST_F(fault_injection_test, a_write_that_cannot_be_cut_back_reopens_the_partition_from_disk) {
  auto p = open(config(), &fs_);
  ASSERT_TRUE(append(*p, {payload_for(0)}).ok());
  plan_.short_writes = true;
  plan_.fail_truncates = true;
  plan_.fail_writes_after = plan_.writes.load() + 1;
  ASSERT_FALSE(append(*p, {std::string(4000, 'q')}).ok());
  EXPECT_TRUE(p->failed());
  plan_.short_writes = false;
  plan_.fail_truncates = false;
  plan_.fail_writes_after = -1;
  // The next append reopens from disk: recovery cuts the torn tail first.
  auto r = append(*p, {"after"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first_offset, 1u);
  EXPECT_FALSE(p->failed());
  EXPECT_GT(p->recovery().truncated_bytes, 0u);
  auto msgs = messages(p->read(0, 10, 1 << 20));
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[1].payload, "after");
}

TEST_F(fault_injection_test, a_failed_fsync_fails_the_append_and_the_partition_reopens_from_disk) {
  auto c = config();
  c.sync.mode = storage::sync_mode::always;
  auto p = open(c, &fs_);
  ASSERT_TRUE(append(*p, {"durable"}).ok());
  EXPECT_GE(plan_.syncs.load(), 1);
  plan_.fail_syncs_after = plan_.syncs.load();
  auto r = append(*p, {"not durable"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), errc::io_error);
  EXPECT_TRUE(p->failed());  // visible (get_stats) until the next append reopens it
  EXPECT_EQ(p->sync().error(), errc::partition_failed);
  plan_.fail_syncs_after = -1;
  auto next = append(*p, {"after"});
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->first_offset, 1u);  // the refused message is gone, not offset 1
  auto msgs = messages(p->read(0, 10, 1 << 20));
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].payload, "durable");
  EXPECT_EQ(msgs[1].payload, "after");
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

TEST_F(fault_injection_test, failure_while_rolling_fails_the_append_until_the_disk_recovers) {
  auto c = config(500, 128);
  c.sync.mode = storage::sync_mode::always;
  auto p = open(c, &fs_);
  ASSERT_TRUE(append(*p, {std::string(400, 'a')}).ok());
  plan_.fail_syncs_after = plan_.syncs.load();  // the roll syncs the old segment first
  auto r = append(*p, {std::string(400, 'b')});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(p->failed());
  plan_.fail_syncs_after = -1;
  auto again = append(*p, {std::string(400, 'c')});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->first_offset, 1u);
}
