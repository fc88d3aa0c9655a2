#include "runtime/gate.h"

#include <boost/asio/as_tuple.hpp>
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
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer wait(executor, asio::steady_timer::time_point::max());
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    if (inside_ == 0) co_return;
    // The last holder may leave on any thread: it posts the wake-up to ours,
    // where it runs only once this coroutine is suspended in the wait below.
    on_empty_ = [executor, timer = &wait] { asio::post(executor, [timer] { timer->cancel(); }); };
  }
  (void)co_await wait.async_wait(asio::as_tuple(asio::use_awaitable));
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
