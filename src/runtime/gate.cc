#include "runtime/gate.h"

#include "runtime/shard_pool.h"
#include "runtime/waits.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace whippet::runtime {
namespace asio = boost::asio;

bool gate::enter() noexcept {
  std::lock_guard lock(mutex_);
  if (closed_) return false;
  ++inside_;
  return true;
}

void gate::leave() noexcept {
  std::function<void()> wake;
  {
    std::lock_guard lock(mutex_);
    if (--inside_ == 0 && on_empty_) wake = std::move(on_empty_);
  }
  if (wake) wake();
}

asio::awaitable<void> gate::close() {
  // Wait and wake on the context of the thread this coroutine runs on (after a
  // hop that is not its spawn executor): a wake-up posted elsewhere could run
  // before the wait starts and be lost.
  asio::any_io_executor here = co_await asio::this_coro::executor;
  if (asio::io_context* ctx = shard_pool::current_context()) here = ctx->get_executor();
  asio::steady_timer wait(here, asio::steady_timer::time_point::max());
  bool woken = false;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    if (inside_ == 0) co_return;
    // The last holder may leave on any thread: it posts the wake-up to ours,
    // where it runs only while this coroutine is suspended in the wait below.
    on_empty_ = [here, timer = &wait, flag = &woken] {
      asio::post(here, [timer, flag] {
        *flag = true;
        timer->cancel();
      });
    };
  }
  const counted_wait counted(wait_kind::gate_close);
  while (!woken) (void)co_await wait.async_wait(asio::bind_executor(here, asio::as_tuple(asio::use_awaitable)));
}

bool gate::closed() const noexcept {
  std::lock_guard lock(mutex_);
  return closed_;
}

uint64_t gate::inside() const noexcept {
  std::lock_guard lock(mutex_);
  return inside_;
}

}  // namespace whippet::runtime
