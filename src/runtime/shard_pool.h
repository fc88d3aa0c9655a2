#pragma once
// shard_pool: Whippet's thread-per-core runtime. Each shard is one Asio
// io_context (io_uring backend by default) run by exactly one thread, and
// owns everything created on it: sockets, partitions, buffers. Work moves
// between shards only by an explicit post() to the target shard.
//
// Lifecycle: construct, hand out contexts to set up listeners, run() (blocks),
// then from any thread either drain() (let in-flight work finish) or stop().

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string_view>

namespace boost::asio {
class io_context;
}

namespace whippet::runtime {

class shard_pool {
 public:
  explicit shard_pool(unsigned count);
  ~shard_pool();
  shard_pool(const shard_pool&) = delete;
  shard_pool& operator=(const shard_pool&) = delete;

  unsigned size() const noexcept;
  boost::asio::io_context& context(unsigned shard);

  // Runs shard 0 on the calling thread and every other shard on its own
  // thread; returns once every loop has stopped and its thread has joined.
  void run();

  // After run() returns: runs, on the calling thread, whatever handlers are
  // still queued (a coroutine that hopped to a shard whose loop had already
  // ended), until none are left or `max_rounds` pass. Keeps shutdown from
  // destroying half-finished work.
  void finish_remaining(unsigned max_rounds = 100);

  // Runs fn on `shard`'s thread. Safe from any thread.
  void post(unsigned shard, std::function<void()> fn);

  // Lets the loops return once they have no more work, all of them at the
  // same time: a loop that runs out first keeps serving what the others
  // still post to it (graceful). Thread-safe.
  void drain();
  // Stops every loop now, abandoning queued work. Thread-safe.
  void stop();

  // Exceptions that escaped a handler: each was logged and dropped, and its
  // shard kept running.
  uint64_t escaped_exceptions() const noexcept;

  // The shard whose thread is calling, or -1 off the shard threads.
  static int current_shard() noexcept;
  // The io_context this thread is running (a shard's, or run_blocking's),
  // or null. A coroutine that hopped to another shard keeps the executor it
  // was spawned with, so code that starts I/O or timers after a hop must
  // use this context, not `this_coro::executor`, to complete where it runs.
  static boost::asio::io_context* current_context() noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// Marks the calling thread as running `ctx` (current_context()) for the
// scope's lifetime; shard_pool::run and run_blocking use it.
class context_scope {
 public:
  explicit context_scope(boost::asio::io_context& ctx) noexcept;
  ~context_scope();
  context_scope(const context_scope&) = delete;
  context_scope& operator=(const context_scope&) = delete;

 private:
  boost::asio::io_context* previous_;
};

// The completion of a detached coroutine (co_spawn's last argument):
// logs the exception that ended it, if any, instead of losing it silently.
//   co_spawn(ctx, work(), [](std::exception_ptr e) { log_if_failed("work", e); });
void log_if_failed(std::string_view what, std::exception_ptr e);

// "io_uring" or "epoll": the reactor this build of Asio uses.
std::string_view io_backend_name() noexcept;

}  // namespace whippet::runtime
