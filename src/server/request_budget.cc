#include "server/request_budget.h"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace whippet::server {
namespace asio = boost::asio;

request_units& request_units::operator=(request_units&& o) noexcept {
  if (this != &o) {
    release();
    budget_ = o.budget_;
    bytes_ = o.bytes_;
    o.budget_ = nullptr;
  }
  return *this;
}

void request_units::release() noexcept {
  if (budget_ != nullptr) budget_->give_back(bytes_);
  budget_ = nullptr;
  bytes_ = 0;
}

asio::awaitable<request_units> request_budget::reserve(uint64_t bytes, asio::steady_timer& wait) {
  bytes = std::min(bytes, capacity_);
  if (waiters_.empty() && bytes <= available_) {
    available_ -= bytes;
    co_return request_units(this, bytes);
  }
  waiter self{bytes, &wait, false};
  waiters_.push_back(&self);
  wait.expires_at(asio::steady_timer::time_point::max());
  (void)co_await wait.async_wait(asio::as_tuple(asio::use_awaitable));
  if (self.granted) co_return request_units(this, bytes);
  // Cancelled before it was our turn: leave the queue, and let whoever is
  // now at its head have a go.
  std::erase(waiters_, &self);
  grant_waiters();
  co_return request_units{};
}

void request_budget::give_back(uint64_t bytes) noexcept {
  available_ += bytes;
  grant_waiters();
}

void request_budget::grant_waiters() noexcept {
  while (!waiters_.empty() && waiters_.front()->bytes <= available_) {
    waiter* w = waiters_.front();
    waiters_.pop_front();
    available_ -= w->bytes;
    w->granted = true;
    w->timer->cancel();
  }
}

}  // namespace whippet::server
