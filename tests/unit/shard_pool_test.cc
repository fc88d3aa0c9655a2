// The runtime: a handler that throws is logged and dropped, and its shard
// keeps running the handlers queued after it; a lane lets one coroutine at a
// time through, in arrival order, across suspensions.

#include "runtime/shard_pool.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>
#include <vector>

#include "runtime/fan_out.h"
#include "runtime/io_ring.h"
#include "runtime/lane.h"

#include <liburing.h>
#include <boost/asio/bind_executor.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <stdexcept>

namespace whippet::runtime {
namespace {

TEST(shard_pool, a_handler_that_throws_does_not_end_its_shard) {
  shard_pool pool(2);
  std::atomic<int> ran_after{0};
  for (unsigned shard = 0; shard < 2; ++shard) {
    pool.post(shard, [] { throw std::runtime_error("boom"); });
    pool.post(shard, [] { throw 42; });
    pool.post(shard, [&ran_after, shard] {
      if (shard_pool::current_shard() == static_cast<int>(shard)) ran_after.fetch_add(1);
    });
  }
  pool.drain();
  pool.run();
  EXPECT_EQ(ran_after.load(), 2);
  EXPECT_EQ(pool.escaped_exceptions(), 4u);
}

TEST(shard_pool, log_if_failed_accepts_every_outcome) {
  log_if_failed("nothing", nullptr);
  log_if_failed("standard", std::make_exception_ptr(std::runtime_error("x")));
  log_if_failed("other", std::make_exception_ptr(7));
  SUCCEED();
}

TEST(lane, one_turn_at_a_time_in_arrival_order_across_suspensions) {
  namespace asio = boost::asio;
  asio::io_context ctx(1);
  lane commits;
  std::string trace;
  int inside = 0, most_inside = 0;
  for (char who : std::string("abcd")) {
    asio::co_spawn(
        ctx,
        [&, who]() -> asio::awaitable<void> {
          auto turn = co_await commits.enter();
          most_inside = std::max(most_inside, ++inside);
          trace += who;
          // Suspends in the middle of its turn, as a commit does on its fdatasync.
          asio::steady_timer t(ctx, std::chrono::milliseconds(who == 'a' ? 20 : 1));
          co_await t.async_wait(asio::use_awaitable);
          trace += who;
          --inside;
        },
        asio::detached);
  }
  ctx.run();
  EXPECT_EQ(trace, "aabbccdd");
  EXPECT_EQ(most_inside, 1);
  EXPECT_FALSE(commits.busy());
  EXPECT_EQ(commits.waiting(), 0u);
}

TEST(lane, a_waiter_destroyed_while_waiting_leaves_the_queue) {
  namespace asio = boost::asio;
  lane l;
  {  // the waiter's frame goes first
    asio::io_context ctx(1);
    asio::co_spawn(
        ctx,
        [&]() -> asio::awaitable<void> {
          auto turn = co_await l.enter();
          asio::steady_timer t(ctx, std::chrono::hours(1));
          co_await t.async_wait(asio::use_awaitable);
        },
        asio::detached);
    asio::co_spawn(
        ctx, [&]() -> asio::awaitable<void> { auto turn = co_await l.enter(); }, asio::detached);
    ctx.run_for(std::chrono::milliseconds(10));
    EXPECT_EQ(l.waiting(), 1u);
  }
  EXPECT_EQ(l.waiting(), 0u);
  EXPECT_FALSE(l.busy());
}

TEST(lane, a_turn_handed_to_a_destroyed_waiter_is_passed_on) {
  namespace asio = boost::asio;
  lane l;
  bool waiter_ran = false;
  {
    asio::io_context ctx(1);
    asio::co_spawn(
        ctx,
        [&]() -> asio::awaitable<void> {
          {
            auto turn = co_await l.enter();
            asio::steady_timer t(ctx, std::chrono::milliseconds(5));
            co_await t.async_wait(asio::use_awaitable);
          }  // hands the lane to the waiter ...
          ctx.stop();  // ... which never wakes: the context goes away first
        },
        asio::detached);
    asio::co_spawn(
        ctx,
        [&]() -> asio::awaitable<void> {
          auto turn = co_await l.enter();
          waiter_ran = true;
        },
        asio::detached);
    ctx.run();
    EXPECT_TRUE(l.busy()) << "handed over, not yet taken";
  }
  EXPECT_FALSE(waiter_ran);
  EXPECT_FALSE(l.busy());
  EXPECT_EQ(l.waiting(), 0u);
}

// A coroutine spawned on shard 1 that hops to shard 0 keeps shard 1's
// executor. Ring operations and lane waits started after the hop must still
// complete on shard 0, where it runs, never back on shard 1.
TEST(shard_pool, ring_operations_and_lane_waits_complete_on_the_shard_they_started_on) {
  namespace asio = boost::asio;
  shard_pool pool(2);
  lane shard0_lane;  // lives on shard 0
  std::atomic<int> wrong_shard{0}, done{0};
  auto on_shard = [&](int want) {
    if (shard_pool::current_shard() != want) wrong_shard.fetch_add(1);
  };
  for (int i = 0; i < 20; ++i) {
    pool.post(1, [&] {
      asio::co_spawn(
          pool.context(1),
          [&]() -> asio::awaitable<void> {
            co_await asio::post(asio::bind_executor(pool.context(0), asio::use_awaitable));  // the hop
            on_shard(0);
            {
              auto turn = co_await shard0_lane.enter();  // waits while another holds it
              on_shard(0);
              io_ring* ring = co_await io_ring::current();
              EXPECT_EQ(ring, &io_ring::of(pool.context(0)));
              (void)co_await ring->run([](io_uring_sqe* s) { io_uring_prep_nop(s); });
              on_shard(0);
            }
            co_await asio::post(asio::bind_executor(pool.context(1), asio::use_awaitable));
            on_shard(1);
            done.fetch_add(1);
          },
          [](std::exception_ptr e) { log_if_failed("hopping coroutine", e); });
    });
  }
  // Ends the loops once all twenty finished (bounded: 10 s).
  std::thread closer([&] {
    for (int i = 0; i < 1000 && done.load() < 20; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    pool.drain();
  });
  pool.run();
  closer.join();
  EXPECT_EQ(done.load(), 20);
  EXPECT_EQ(wrong_shard.load(), 0);
}

}  // namespace
}  // namespace whippet::runtime

namespace whippet::runtime {
namespace {

// fan_out: one coroutine per shard, all running at once (each waits until
// every other has started, which a one-after-another loop would never let
// happen), each on its own shard; the caller resumes on its own shard after
// the last, and an exception in one reaches it.
TEST(fan_out, runs_on_every_shard_at_once_and_resumes_the_caller_where_it_was) {
  namespace asio = boost::asio;
  shard_pool pool(2);
  std::atomic<int> started{0}, wrong_shard{0}, finished{0};
  std::atomic<bool> caller_ok{false}, caught{false};
  pool.post(0, [&] {
    asio::co_spawn(
        pool.context(0),
        [&]() -> asio::awaitable<void> {
          std::vector<asio::io_context*> shards{&pool.context(0), &pool.context(1)};
          co_await fan_out(shards, [&](size_t i) -> asio::awaitable<void> {
            if (shard_pool::current_shard() != static_cast<int>(i)) wrong_shard.fetch_add(1);
            started.fetch_add(1);
            // Waits (without holding its shard) until both have started.
            asio::steady_timer t(*shards[i]);
            for (int n = 0; n < 500 && started.load() < 2; ++n) {
              t.expires_after(std::chrono::milliseconds(2));
              co_await t.async_wait(asio::use_awaitable);
            }
            if (started.load() == 2) finished.fetch_add(1);
          });
          caller_ok = shard_pool::current_shard() == 0 && finished.load() == 2;
          try {
            co_await fan_out(shards, [](size_t i) -> asio::awaitable<void> {
              if (i == 1) throw std::runtime_error("shard 1 failed");
              co_return;
            });
          } catch (const std::runtime_error&) {
            caught = shard_pool::current_shard() == 0;
          }
          // Several coroutines on one shard, at most two at a time.
          std::atomic<int> running{0}, most{0};
          co_await for_each_concurrently(6, 2, [&](size_t) -> asio::awaitable<void> {
            most = std::max(most.load(), ++running);
            asio::steady_timer t(pool.context(0), std::chrono::milliseconds(2));
            co_await t.async_wait(asio::use_awaitable);
            --running;
          });
          EXPECT_EQ(most.load(), 2);
          pool.drain();
        },
        [](std::exception_ptr e) { log_if_failed("fan_out test", e); });
  });
  pool.run();
  EXPECT_EQ(wrong_shard.load(), 0);
  EXPECT_EQ(finished.load(), 2) << "the coroutines did not run at the same time";
  EXPECT_TRUE(caller_ok);
  EXPECT_TRUE(caught);
}

}  // namespace
}  // namespace whippet::runtime
