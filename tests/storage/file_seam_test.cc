// The file seam: one suite run over every implementation (posix, the faulty
// wrapper, the power-cut fake), through the blocking calls and through the
// asynchronous ones, which must agree. Then what the asynchronous path is
// for: a slow sync waits without holding the loop.

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <algorithm>
#include <functional>
#include <string>

#include "runtime/run_blocking.h"
#include "storage/file.h"
#include "storage/offset_store.h"
#include "support/faulty_file_system.h"
#include "support/loop_probe.h"
#include "support/power_cut_file_system.h"
#include "support/temp_dir.h"

using namespace whippet;
using runtime::run_blocking;
namespace fs = std::filesystem;

namespace {

enum class kind { posix, faulty, power_cut };

struct seam_case {
  kind k;
  bool async;
};

std::string name_of(const ::testing::TestParamInfo<seam_case>& info) {
  const char* k = info.param.k == kind::posix ? "posix" : info.param.k == kind::faulty ? "faulty" : "power_cut";
  return std::string(k) + (info.param.async ? "_async" : "_blocking");
}

// Calls either the blocking operation or its coroutine, run to completion.
class seam : public ::testing::TestWithParam<seam_case> {
 protected:
  void SetUp() override {
    switch (GetParam().k) {
      case kind::posix: fs_ = &storage::posix_file_system(); root_ = dir_.path(); break;
      case kind::faulty: fs_ = &faulty_; root_ = dir_.path(); break;
      case kind::power_cut: fs_ = &power_cut_; root_ = "/data"; break;
    }
  }
  bool async() const { return GetParam().async; }

  result<std::shared_ptr<storage::file>, int> open(const fs::path& p, bool create) {
    return async() ? run_blocking(fs_->async_open(p, create)) : fs_->open(p, create);
  }
  result<void, int> mkdirs(const fs::path& p) {
    return async() ? run_blocking(fs_->async_create_directories(p)) : fs_->create_directories(p);
  }
  result<void, int> rename(const fs::path& a, const fs::path& b) {
    return async() ? run_blocking(fs_->async_rename(a, b)) : fs_->rename(a, b);
  }
  result<void, int> remove(const fs::path& p) { return async() ? run_blocking(fs_->async_remove(p)) : fs_->remove(p); }
  result<void, int> sync_dir(const fs::path& p) {
    return async() ? run_blocking(fs_->async_sync_directory(p)) : fs_->sync_directory(p);
  }
  result<size_t, int> write(storage::file& f, const iovec* iov, int n, uint64_t at) {
    return async() ? run_blocking(f.async_pwritev(iov, n, at)) : f.pwritev(iov, n, at);
  }
  result<size_t, int> read(storage::file& f, void* b, size_t n, uint64_t at) {
    return async() ? run_blocking(f.async_pread(b, n, at)) : f.pread(b, n, at);
  }
  result<void, int> sync(storage::file& f) { return async() ? run_blocking(f.async_datasync()) : f.datasync(); }
  result<void, int> truncate(storage::file& f, uint64_t n) {
    return async() ? run_blocking(f.async_truncate(n)) : f.truncate(n);
  }
  result<void, int> allocate(storage::file& f, uint64_t at, uint64_t n) {
    return async() ? run_blocking(f.async_allocate(at, n)) : f.allocate(at, n);
  }

  testkit::temp_dir dir_;
  testkit::fault_plan plan_;
  testkit::faulty_file_system faulty_{plan_};
  testkit::power_cut_file_system power_cut_;
  storage::file_system* fs_ = nullptr;
  fs::path root_;
};

TEST_P(seam, every_operation_behaves_the_same_on_every_implementation) {
  const fs::path dir = root_ / "a" / "b";
  ASSERT_TRUE(mkdirs(dir).ok());
  ASSERT_TRUE(mkdirs(dir).ok()) << "an existing directory is fine";

  EXPECT_EQ(open(dir / "missing.log", false).error(), ENOENT);
  auto f = open(dir / "one.log", true);
  ASSERT_TRUE(f.ok()) << f.error();

  std::string head = "hello, ", tail = "seam";
  const iovec iov[2] = {{head.data(), head.size()}, {tail.data(), tail.size()}};
  auto n = write(**f, iov, 2, 0);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, head.size() + tail.size());
  EXPECT_EQ(*(*f)->size(), 11u);

  char back[32] = {};
  auto r = read(**f, back, sizeof back, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::string(back, *r), "hello, seam");
  r = read(**f, back, sizeof back, 100);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0u) << "a read past the end reads nothing";

  ASSERT_TRUE(sync(**f).ok());
  ASSERT_TRUE(allocate(**f, 0, 64 * 1024).ok());
  EXPECT_EQ(*(*f)->size(), 64u * 1024) << "allocation grows the file";
  ASSERT_TRUE(truncate(**f, 5).ok());
  EXPECT_EQ(*(*f)->size(), 5u);

  ASSERT_TRUE(rename(dir / "one.log", dir / "two.log").ok());
  EXPECT_EQ(open(dir / "one.log", false).error(), ENOENT);
  auto again = open(dir / "two.log", false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*(*again)->size(), 5u);
  ASSERT_TRUE(sync_dir(dir).ok());
  EXPECT_EQ(*fs_->list(dir), std::vector<std::string>{"two.log"});

  ASSERT_TRUE(remove(dir / "two.log").ok());
  ASSERT_TRUE(remove(dir / "two.log").ok()) << "removing what is gone is fine";
  EXPECT_TRUE(fs_->list(dir)->empty());
  EXPECT_FALSE(sync_dir(root_ / "nowhere").ok());
}

INSTANTIATE_TEST_SUITE_P(all, seam,
                         ::testing::Values(seam_case{kind::posix, false}, seam_case{kind::posix, true},
                                           seam_case{kind::faulty, false}, seam_case{kind::faulty, true},
                                           seam_case{kind::power_cut, false}, seam_case{kind::power_cut, true}),
                         name_of);

// A sync that takes 50 ms leaves its loop free: handlers posted meanwhile
// keep running until it is done. A blocking sync would let none of them run.
TEST(async_seam, a_slow_sync_does_not_hold_the_loop) {
  testkit::temp_dir dir;
  testkit::fault_plan plan;
  plan.sync_delay_ms = 50;
  testkit::faulty_file_system faulty(plan);
  auto f = faulty.open(dir.path() / "slow.log", true);
  ASSERT_TRUE(f.ok());

  boost::asio::io_context ctx(1);
  bool synced = false;
  int ran_while_syncing = 0;
  boost::asio::co_spawn(
      ctx,
      [&]() -> boost::asio::awaitable<void> {
        auto r = co_await (*f)->async_datasync();
        EXPECT_TRUE(r.ok());
        synced = true;
      },
      boost::asio::detached);
  ran_while_syncing = testkit::handlers_run_while(ctx, [&] { return synced; });
  EXPECT_TRUE(synced);
  EXPECT_GT(ran_while_syncing, 100);
  EXPECT_EQ(plan.syncs.load(), 1);
}

TEST(async_seam, faults_apply_to_the_asynchronous_calls_too) {
  testkit::temp_dir dir;
  testkit::fault_plan plan;
  testkit::faulty_file_system faulty(plan);
  auto f = run_blocking(faulty.async_open(dir.path() / "f.log", true));
  ASSERT_TRUE(f.ok());
  plan.fail_syncs_after = 0;
  EXPECT_EQ(run_blocking((*f)->async_datasync()).error(), EIO);
  plan.fail_writes_after = 0;
  plan.write_errno = ENOSPC;
  std::string x = "x";
  const iovec iov{x.data(), 1};
  EXPECT_EQ(run_blocking((*f)->async_pwritev(&iov, 1, 0)).error(), ENOSPC);
  plan.fail_writes_after = -1;
  plan.short_writes = true;
  std::string four = "abcd";
  const iovec iov4{four.data(), 4};
  EXPECT_EQ(*run_blocking((*f)->async_pwritev(&iov4, 1, 0)), 2u) << "a short write stores half";
  plan.fail_truncates = true;
  EXPECT_EQ(run_blocking((*f)->async_truncate(0)).error(), EIO);
}

// Stored offsets on the ring: a slow fdatasync holds no loop, and two stores
// of one offset in flight at once land in the order they were asked.
TEST(async_seam, offset_stores_wait_without_holding_the_loop_and_keep_their_order) {
  testkit::temp_dir dir;
  testkit::fault_plan plan;
  testkit::faulty_file_system faulty(plan);
  auto store = storage::offset_store::open(faulty, dir.path() / "offsets", true);
  ASSERT_TRUE(store.ok());
  plan.sync_delay_ms = 20;
  const auto key = storage::offset_key::named("reader");

  boost::asio::io_context ctx(1);
  int done = 0, ran_meanwhile = 0;
  std::vector<uint64_t> acked;
  for (uint64_t offset : {5u, 6u, 7u}) {
    boost::asio::co_spawn(
        ctx,
        [&, offset]() -> boost::asio::awaitable<void> {
          auto r = co_await (*store)->async_put(key, offset);
          EXPECT_TRUE(r.ok());
          acked.push_back(offset);
          ++done;
        },
        boost::asio::detached);
  }
  std::optional<uint64_t> seen_while_storing;
  ran_meanwhile = testkit::handlers_run_while(ctx, [&] {
    if (!seen_while_storing) seen_while_storing = (*store)->get(key);
    return done == 3;
  });
  EXPECT_EQ(acked, (std::vector<uint64_t>{5, 6, 7}));
  // A poll that reads the offset while the stores are on their way to disk
  // already sees the newest, so it does not deliver the same messages again.
  EXPECT_EQ(seen_while_storing, 7u);
  EXPECT_GT(ran_meanwhile, 100);
  EXPECT_EQ((*store)->get(key), 7u);

  store->reset();  // what is on disk says the same
  auto again = storage::offset_store::open(faulty, dir.path() / "offsets", true);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->get(key), 7u);
  EXPECT_EQ(run_blocking((*again)->async_remove(key)).value_or(false), true);
  EXPECT_FALSE((*again)->get(key).has_value());
}

}  // namespace
