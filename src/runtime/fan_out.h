#pragma once
// fan_out: runs one coroutine per context, all at once, and waits for all of
// them, without blocking the waiting thread (Seastar's parallel_for_each /
// invoke_on_all over shards, for Asio).
//
//   co_await fan_out(contexts, [&](size_t i) -> awaitable<void> { ... });
//
// fn(i) runs as its own coroutine on contexts[i] (a context may appear more
// than once: several coroutines on one shard). The caller resumes on its own
// thread once every one has finished; the first exception is rethrown then.
// Must be awaited on a thread that runs an io_context (a shard, or
// run_blocking).

#include <cstddef>
#include <functional>
#include <vector>

#include <boost/asio/awaitable.hpp>

namespace boost::asio {
class io_context;
}

namespace whippet::runtime {

boost::asio::awaitable<void> fan_out(std::vector<boost::asio::io_context*> contexts,
                                     std::function<boost::asio::awaitable<void>(size_t)> fn);

// fn(i) for i in [0, count) on the calling thread's context, at most `width`
// at a time.
boost::asio::awaitable<void> for_each_concurrently(size_t count, size_t width,
                                                   std::function<boost::asio::awaitable<void>(size_t)> fn);

}  // namespace whippet::runtime
