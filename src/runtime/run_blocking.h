#pragma once
// run_blocking: runs a coroutine to its end on a private io_context on the
// calling thread, and returns its result (or rethrows its exception). For
// start-up before the shards run, tools and tests: never on a shard, where
// it would block every connection the shard serves.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "base/assert.h"
#include "runtime/shard_pool.h"

namespace whippet::runtime {

template <typename T>
T run_blocking(boost::asio::awaitable<T> work) {
  WHIPPET_ASSERT(shard_pool::current_shard() < 0, "run_blocking on a shard thread");
  boost::asio::io_context ctx(1);
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
