// io_ring: every file operation the storage needs, completed through the
// shard's ring while the loop keeps serving other work; an idle ring holds no
// work; a context destroyed with operations in flight cancels and drops them.

#include "runtime/io_ring.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <liburing.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/run_blocking.h"
#include "support/temp_dir.h"

namespace asio = boost::asio;
using whippet::runtime::io_ring;
using whippet::runtime::run_blocking;

namespace {

TEST(io_ring, file_operations_complete_through_the_ring) {
  whippet::testkit::temp_dir dir;
  const std::string sub = (dir.path() / "sub").string();
  const std::string a = (dir.path() / "sub" / "a.log").string();
  const std::string b = (dir.path() / "sub" / "b.log").string();
  run_blocking([&]() -> asio::awaitable<void> {
    io_ring& ring = *co_await io_ring::current();
    EXPECT_TRUE(ring.supports(IORING_OP_FSYNC));
    EXPECT_TRUE(ring.supports(IORING_OP_WRITEV));

    EXPECT_EQ(co_await ring.run([&](io_uring_sqe* s) { io_uring_prep_mkdirat(s, AT_FDCWD, sub.c_str(), 0755); }), 0);
    const int fd = co_await ring.run([&](io_uring_sqe* s) {
      io_uring_prep_openat(s, AT_FDCWD, a.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    });
    EXPECT_GE(fd, 0);
    if (fd < 0) co_return;

    std::string text = "hello, ring";
    iovec iov{text.data(), text.size()};
    EXPECT_EQ(co_await ring.run([&](io_uring_sqe* s) { io_uring_prep_writev(s, fd, &iov, 1, 0); }),
              static_cast<int>(text.size()));
    EXPECT_EQ(co_await ring.run([&](io_uring_sqe* s) { io_uring_prep_fsync(s, fd, IORING_FSYNC_DATASYNC); }), 0);
    EXPECT_EQ(co_await ring.run([&](io_uring_sqe* s) { io_uring_prep_fallocate(s, fd, 0, 0, 1 << 20); }), 0);
    struct stat st{};
    EXPECT_EQ(::fstat(fd, &st), 0);
    EXPECT_EQ(st.st_size, 1 << 20) << "fallocate mode 0 grows the file";

    std::vector<char> back(text.size());
    EXPECT_EQ(co_await ring.run([&](io_uring_sqe* s) {
      io_uring_prep_read(s, fd, back.data(), static_cast<unsigned>(back.size()), 0);
    }),
              static_cast<int>(text.size()));
    EXPECT_EQ(std::string(back.begin(), back.end()), text);
    EXPECT_EQ(co_await ring.run([&](io_uring_sqe* s) { io_uring_prep_close(s, fd); }), 0);

    EXPECT_EQ(co_await ring.run([&](io_uring_sqe* s) {
      io_uring_prep_renameat(s, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), 0);
    }),
              0);
    EXPECT_FALSE(std::filesystem::exists(a));
    EXPECT_TRUE(std::filesystem::exists(b));
    EXPECT_EQ(co_await ring.run([&](io_uring_sqe* s) { io_uring_prep_unlinkat(s, AT_FDCWD, b.c_str(), 0); }), 0);
    EXPECT_EQ(co_await ring.run([&](io_uring_sqe* s) { io_uring_prep_unlinkat(s, AT_FDCWD, b.c_str(), 0); }),
              -ENOENT)
        << "a failure is -errno";
    EXPECT_EQ(co_await ring.run([&](io_uring_sqe* s) {
      io_uring_prep_unlinkat(s, AT_FDCWD, sub.c_str(), AT_REMOVEDIR);
    }),
              0);
    EXPECT_EQ(ring.in_flight(), 0u);
  }());
  EXPECT_FALSE(std::filesystem::exists(sub));
}

// An operation that waits (a read of an empty pipe) leaves the loop free:
// other handlers run, and the one that feeds the pipe completes the read.
TEST(io_ring, a_pending_operation_does_not_hold_the_loop) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  asio::io_context ctx(1);
  int handlers_run_while_waiting = 0;
  int result = 0;
  std::string got;
  asio::co_spawn(
      ctx,
      [&]() -> asio::awaitable<void> {
        char buf[16] = {};
        result = co_await io_ring::of(ctx).run([&](io_uring_sqe* s) { io_uring_prep_read(s, p[0], buf, 5, 0); });
        got.assign(buf, result > 0 ? static_cast<size_t>(result) : 0);
      },
      asio::detached);
  // 100 handlers in a chain; the last one writes into the pipe.
  std::function<void()> step = [&] {
    ++handlers_run_while_waiting;
    if (handlers_run_while_waiting < 100) {
      asio::post(ctx, step);
    } else {
      ASSERT_EQ(::write(p[1], "ready", 5), 5);
    }
  };
  asio::post(ctx, step);
  ctx.run();
  EXPECT_EQ(handlers_run_while_waiting, 100);
  EXPECT_EQ(result, 5);
  EXPECT_EQ(got, "ready");
  ::close(p[0]);
  ::close(p[1]);
}

TEST(io_ring, an_idle_ring_holds_no_work) {
  asio::io_context ctx(1);
  int done = 0;
  asio::co_spawn(
      ctx,
      [&]() -> asio::awaitable<void> {
        done = co_await io_ring::of(ctx).run([](io_uring_sqe* s) { io_uring_prep_nop(s); });
      },
      asio::detached);
  ctx.run();  // returns: nothing is in flight once the nop completed
  EXPECT_EQ(done, 0);
  EXPECT_EQ(io_ring::of(ctx).in_flight(), 0u);
}

TEST(io_ring, a_context_destroyed_with_operations_in_flight_cancels_them) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  bool resumed = false;
  {
    asio::io_context ctx(1);
    asio::co_spawn(
        ctx,
        [&]() -> asio::awaitable<void> {
          char buf[4];
          (void)co_await io_ring::of(ctx).run([&](io_uring_sqe* s) { io_uring_prep_read(s, p[0], buf, 4, 0); });
          resumed = true;
        },
        asio::detached);
    ctx.run_for(std::chrono::milliseconds(20));
    EXPECT_EQ(io_ring::of(ctx).in_flight(), 1u);
  }  // must neither hang nor run the continuation
  EXPECT_FALSE(resumed);
  ::close(p[0]);
  ::close(p[1]);
}

TEST(run_blocking, returns_the_value_and_rethrows) {
  EXPECT_EQ(run_blocking([]() -> asio::awaitable<int> { co_return 42; }()), 42);
  EXPECT_THROW(run_blocking([]() -> asio::awaitable<void> {
                 throw std::runtime_error("x");
                 co_return;
               }()),
               std::runtime_error);
}

}  // namespace
