#include "runtime/fan_out.h"

#include <algorithm>
#include <exception>
#include <memory>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/assert.h"
#include "runtime/shard_pool.h"
#include "runtime/waits.h"

namespace asio = boost::asio;

namespace whippet::runtime {
namespace {
// Shared by the waiter and the completions, which reach it only through
// posts to the waiter's context: touched by that one thread alone.
struct join_state {
  explicit join_state(asio::io_context& home, size_t n)
      : timer(home, asio::steady_timer::time_point::max()), remaining(n) {}
  asio::steady_timer timer;
  size_t remaining;
  std::exception_ptr first;
  std::function<asio::awaitable<void>(size_t)> fn;
};
}  // namespace

asio::awaitable<void> fan_out(std::vector<asio::io_context*> contexts,
                              std::function<asio::awaitable<void>(size_t)> fn) {
  if (contexts.empty()) co_return;
  asio::io_context* home = shard_pool::current_context();
  WHIPPET_ASSERT(home != nullptr, "fan_out off an event loop");
  auto state = std::make_shared<join_state>(*home, contexts.size());
  state->fn = std::move(fn);
  for (size_t i = 0; i < contexts.size(); ++i) {
    asio::co_spawn(
        *contexts[i],
        [state, i]() -> asio::awaitable<void> {
          const counted_wait running(wait_kind::fan_out_task);
          co_await state->fn(i);
        },
        [state, home](std::exception_ptr e) {
          asio::post(*home, [state, e] {
            if (e && !state->first) state->first = e;
            if (--state->remaining == 0) state->timer.cancel();
          });
        });
  }
  const counted_wait counted(wait_kind::fan_out_join);
  while (state->remaining > 0)
    (void)co_await state->timer.async_wait(asio::bind_executor(home->get_executor(), asio::as_tuple(asio::use_awaitable)));
  if (state->first) std::rethrow_exception(state->first);
}

asio::awaitable<void> for_each_concurrently(size_t count, size_t width,
                                            std::function<asio::awaitable<void>(size_t)> fn) {
  asio::io_context* here = shard_pool::current_context();
  WHIPPET_ASSERT(here != nullptr, "for_each_concurrently off an event loop");
  if (width == 0) width = 1;
  for (size_t from = 0; from < count; from += width) {
    const size_t n = std::min(width, count - from);
    co_await fan_out(std::vector<asio::io_context*>(n, here), [&fn, from](size_t i) { return fn(from + i); });
  }
}

}  // namespace whippet::runtime
