#pragma once
// loop_probe: shows that work awaited on a loop leaves the loop free. It
// posts a chain of handlers, each reposting the next, until `finished()`
// says the awaited work is done, and counts how many ran meanwhile: many
// when the work waits without blocking, none when it blocks the thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <functional>
#include <memory>

namespace whippet::testkit {

// Runs `ctx` to completion; returns the handlers that ran before finished().
inline int handlers_run_while(boost::asio::io_context& ctx, std::function<bool()> finished) {
  int count = 0;
  auto spin = std::make_shared<std::function<void()>>();
  *spin = [&ctx, &count, finished, spin_ref = std::weak_ptr(spin)] {
    if (finished()) return;
    ++count;
    if (auto next = spin_ref.lock()) boost::asio::post(ctx, *next);
  };
  boost::asio::post(ctx, *spin);
  ctx.run();
  return count;
}

}  // namespace whippet::testkit
