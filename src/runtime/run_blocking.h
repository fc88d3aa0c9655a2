#pragma once
// run_blocking: runs a coroutine to its end on a private io_context on the
// calling thread, and returns its result (or rethrows its exception). For
// start-up before the shards run, tools and tests: never on a shard, where
// it would block every connection the shard serves.
//
// The context (and so its io_ring) belongs to the calling thread and is kept
// for its next call, so that a tool appending in a loop does not set up a
// ring per call; a nested call gets a fresh context of its own.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "base/assert.h"
#include "runtime/shard_pool.h"

namespace whippet::runtime {

namespace detail {
// Lends the calling thread's context for one run (a fresh one when it is
// already lent out: a nested call).
class blocking_context {
 public:
  blocking_context() {
    if (!lent()) {
      lent() = true;
      ctx_ = &own();
      ctx_->restart();
    } else {
      fresh_ = std::make_unique<boost::asio::io_context>(1);
      ctx_ = fresh_.get();
    }
  }
  ~blocking_context() {
    if (!fresh_) lent() = false;
  }
  blocking_context(const blocking_context&) = delete;
  blocking_context& operator=(const blocking_context&) = delete;
  boost::asio::io_context& get() noexcept { return *ctx_; }

 private:
  static boost::asio::io_context& own() {
    thread_local boost::asio::io_context ctx(1);
    return ctx;
  }
  static bool& lent() {
    thread_local bool flag = false;
    return flag;
  }
  std::unique_ptr<boost::asio::io_context> fresh_;
  boost::asio::io_context* ctx_ = nullptr;
};
}  // namespace detail

template <typename T>
T run_blocking(boost::asio::awaitable<T> work) {
  WHIPPET_ASSERT(shard_pool::current_shard() < 0, "run_blocking on a shard thread");
  detail::blocking_context lease;
  boost::asio::io_context& ctx = lease.get();
  const context_scope running(ctx);
  std::exception_ptr failure;
  if constexpr (std::is_void_v<T>) {
    boost::asio::co_spawn(ctx, std::move(work), [&](std::exception_ptr e) { failure = e; });
    ctx.run();
    if (failure) std::rethrow_exception(failure);
  } else {
    std::optional<T> out;  // T need not be default-constructible
    boost::asio::co_spawn(
        ctx, [&]() -> boost::asio::awaitable<void> { out.emplace(co_await std::move(work)); },
        [&](std::exception_ptr e) { failure = e; });
    ctx.run();
    if (failure) std::rethrow_exception(failure);
    WHIPPET_ASSERT(out.has_value(), "run_blocking: the coroutine never finished");
    return std::move(*out);
  }
}

}  // namespace whippet::runtime
