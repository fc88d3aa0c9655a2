#pragma once
// lane: one at a time, in arrival order, among the coroutines of one thread
// (a shard). A coroutine that must not interleave with others of its kind
// across its suspensions (shard 0's metadata commits: plan, persist, publish)
// enters the lane; the next one waits, without blocking the thread, until the
// turn before it ends.
//
//   auto turn = co_await commits.enter();   // ... the turn ends with `turn`
//
// Not thread-safe: every enter() and every turn belong to the lane's thread.

#include <cstddef>
#include <deque>

#include <boost/asio/awaitable.hpp>

namespace whippet::runtime {

class lane {
 public:
  class turn {
   public:
    turn(turn&& other) noexcept : lane_(other.lane_) { other.lane_ = nullptr; }
    turn& operator=(turn&&) = delete;
    ~turn();

   private:
    friend class lane;
    explicit turn(lane* l) : lane_(l) {}
    lane* lane_;
  };

  lane() = default;
  lane(const lane&) = delete;
  lane& operator=(const lane&) = delete;

  boost::asio::awaitable<turn> enter();

  bool busy() const noexcept { return busy_; }
  size_t waiting() const noexcept { return waiters_.size(); }

 private:
  struct waiter;
  void leave();

  bool busy_ = false;
  std::deque<waiter*> waiters_;
};

}  // namespace whippet::runtime
