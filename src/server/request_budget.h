#pragma once
// request_budget: the bytes of request bodies that one shard holds at once
// (Redpanda's reserve_request_units is the model). A connection reserves a
// request's declared size before it reads the body and gives it back once the
// request has been handled; when the budget is spent, the reservation waits,
// so the client sees TCP backpressure and the process never grows past it.
//
// Owned by one shard; touched only on that shard's thread. Waiters are served
// in arrival order, so a large request is not starved by a stream of small ones.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>

namespace whippet::server {

class request_budget;

// Reserved bytes; given back when destroyed. Move-only.
class request_units {
 public:
  request_units() = default;
  request_units(request_units&& o) noexcept : budget_(o.budget_), bytes_(o.bytes_) { o.budget_ = nullptr; }
  request_units& operator=(request_units&& o) noexcept;
  ~request_units() { release(); }
  explicit operator bool() const noexcept { return budget_ != nullptr; }
  uint64_t bytes() const noexcept { return bytes_; }
  void release() noexcept;

 private:
  friend class request_budget;
  request_units(request_budget* b, uint64_t n) : budget_(b), bytes_(n) {}
  request_budget* budget_ = nullptr;
  uint64_t bytes_ = 0;
};

class request_budget {
 public:
  explicit request_budget(uint64_t capacity) : capacity_(capacity), available_(capacity) {}
  request_budget(const request_budget&) = delete;
  request_budget& operator=(const request_budget&) = delete;

  // Takes `bytes` (a request larger than the whole budget takes all of it),
  // waiting on `wait` until they are free. Cancelling `wait` (the connection
  // closing) gives up: the result is then empty.
  boost::asio::awaitable<request_units> reserve(uint64_t bytes, boost::asio::steady_timer& wait);

  uint64_t capacity() const noexcept { return capacity_; }
  uint64_t available() const noexcept { return available_; }
  size_t waiting() const noexcept { return waiters_.size(); }

 private:
  friend class request_units;
  struct waiter {
    uint64_t bytes = 0;
    boost::asio::steady_timer* timer = nullptr;
    bool granted = false;
  };
  void give_back(uint64_t bytes) noexcept;
  void grant_waiters() noexcept;

  const uint64_t capacity_;
  uint64_t available_;
  std::deque<waiter*> waiters_;
};

}  // namespace whippet::server
