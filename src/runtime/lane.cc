#include "runtime/lane.h"

#include "runtime/shard_pool.h"
#include "runtime/waits.h"

#include <algorithm>
#include <deque>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace asio = boost::asio;

namespace whippet::runtime {

// A waiting coroutine sleeps on a timer that never expires; the turn before
// it wakes it by cancelling the timer, and hands the lane over in the same
// step (the lane stays busy), so nobody can slip in between.
struct lane::waiter {
  lane& owner;
  asio::steady_timer timer;
  bool handed = false;   // the turn before it passed the lane on
  bool resumed = false;  // ... and it woke up to take it
  // A waiter whose coroutine is destroyed (a context shutting down) leaves
  // the queue, so no turn ever wakes freed memory; one destroyed after the
  // lane was handed to it passes the lane on in turn.
  ~waiter() {
    std::erase(owner.waiters_, this);
    if (handed && !resumed) owner.leave();
  }
};

asio::awaitable<lane::turn> lane::enter() {
  if (!busy_) {
    busy_ = true;
    co_return turn(this);
  }
  // The timer and its completion belong to the thread the coroutine runs on
  // (after a hop, not its executor's), so it wakes where the lane lives.
  asio::any_io_executor here = co_await asio::this_coro::executor;
  if (asio::io_context* ctx = shard_pool::current_context()) here = ctx->get_executor();
  waiter w{*this, asio::steady_timer(here, asio::steady_timer::time_point::max())};
  waiters_.push_back(&w);
  const counted_wait counted(wait_kind::lane_turn);
  while (!w.handed) (void)co_await w.timer.async_wait(asio::bind_executor(here, asio::as_tuple(asio::use_awaitable)));
  w.resumed = true;
  co_return turn(this);
}

void lane::leave() {
  if (waiters_.empty()) {
    busy_ = false;
    return;
  }
  waiter* next = waiters_.front();
  waiters_.pop_front();
  next->handed = true;
  next->timer.cancel();
}

lane::turn::~turn() {
  if (lane_ != nullptr) lane_->leave();
}

}  // namespace whippet::runtime
