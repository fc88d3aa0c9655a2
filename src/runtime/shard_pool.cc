#include "runtime/shard_pool.h"

#include <pthread.h>
#include <sched.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <atomic>
#include <chrono>
#include <exception>
#include <optional>
#include <thread>
#include <vector>

#include "base/assert.h"
#include "base/log.h"

namespace whippet::runtime {
namespace {
thread_local int t_current_shard = -1;
thread_local boost::asio::io_context* t_current_context = nullptr;
using work_guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

void pin_to_core(unsigned shard) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(shard % cores, &set);
  if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set) != 0)
    log::debug("shard {}: could not pin to core {}", shard, shard % cores);
}
}  // namespace

struct shard_pool::impl {
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts;
  std::vector<std::optional<work_guard>> guards;
  std::atomic<uint64_t> escaped{0};
  std::atomic<size_t> idle{0};  // shards whose loop ran out of work
  std::atomic<bool> stopped{false};
};

shard_pool::shard_pool(unsigned count) : impl_(std::make_unique<impl>()) {
  WHIPPET_ASSERT(count > 0, "a shard pool needs at least one shard");
  for (unsigned i = 0; i < count; ++i) {
    // concurrency hint 1: each context is run by one thread only.
    impl_->contexts.push_back(std::make_unique<boost::asio::io_context>(1));
    impl_->guards.emplace_back(boost::asio::make_work_guard(*impl_->contexts.back()));
  }
}

shard_pool::~shard_pool() = default;

unsigned shard_pool::size() const noexcept { return static_cast<unsigned>(impl_->contexts.size()); }

boost::asio::io_context& shard_pool::context(unsigned shard) {
  WHIPPET_ASSERT(shard < impl_->contexts.size(), "shard index out of range");
  return *impl_->contexts[shard];
}

void shard_pool::run() {
  const auto run_shard = [this](unsigned shard) {
    t_current_shard = static_cast<int>(shard);
    const context_scope running(*impl_->contexts[shard]);
    log::set_thread_name("shard-" + std::to_string(shard));
    pin_to_core(shard);
    // A handler that throws must not end the shard: every connection and
    // partition it owns would stop with it. Asio leaves the loop usable after
    // an exception escapes run(), so log it and run again.
    auto& ctx = *impl_->contexts[shard];
    const auto run_guarded = [&](auto&& how) -> size_t {
      for (;;) {
        try {
          return how();
        } catch (const std::exception& e) {
          impl_->escaped.fetch_add(1, std::memory_order_relaxed);
          log::error("shard {}: a handler threw and was dropped: {}", shard, e.what());
        } catch (...) {
          impl_->escaped.fetch_add(1, std::memory_order_relaxed);
          log::error("shard {}: a handler threw a non-standard exception and was dropped", shard);
        }
      }
    };
    run_guarded([&] { return ctx.run(); });
    // Out of work (draining): the loop ends only once every shard is, at the
    // same time. Until then it keeps serving what other shards still post to
    // it, or a shard waiting for an answer from this one (a fan-out, a hop
    // and back) would wait for ever.
    impl_->idle.fetch_add(1);
    while (impl_->idle.load() < impl_->contexts.size() && !impl_->stopped.load()) {
      ctx.restart();
      if (run_guarded([&] { return ctx.poll(); }) > 0) {
        impl_->idle.fetch_sub(1);
        ctx.restart();
        run_guarded([&] { return ctx.run(); });
        impl_->idle.fetch_add(1);
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    t_current_shard = -1;
  };
  impl_->idle = 0;
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < size(); ++i) threads.emplace_back(run_shard, i);
  run_shard(0);
  for (auto& t : threads) t.join();
  log::set_thread_name("main");
}

void shard_pool::finish_remaining(unsigned max_rounds) {
  for (unsigned round = 0; round < max_rounds; ++round) {
    size_t ran = 0;
    for (auto& c : impl_->contexts) {
      c->restart();
      ran += c->poll();
    }
    if (ran == 0) return;
  }
  log::warn("shutdown: handlers still queued after {} rounds", max_rounds);
}

void shard_pool::post(unsigned shard, std::function<void()> fn) {
  boost::asio::post(context(shard), std::move(fn));
}

void shard_pool::drain() {
  // Each guard is released on its own shard, so no guard is touched by two threads.
  for (unsigned i = 0; i < size(); ++i) post(i, [this, i] { impl_->guards[i].reset(); });
}

void shard_pool::stop() {
  impl_->stopped = true;
  for (auto& c : impl_->contexts) c->stop();
}

uint64_t shard_pool::escaped_exceptions() const noexcept {
  return impl_->escaped.load(std::memory_order_relaxed);
}

void log_if_failed(std::string_view what, std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    log::error("{} ended by an exception: {}", what, x.what());
  } catch (...) {
    log::error("{} ended by a non-standard exception", what);
  }
}

int shard_pool::current_shard() noexcept { return t_current_shard; }

boost::asio::io_context* shard_pool::current_context() noexcept { return t_current_context; }

context_scope::context_scope(boost::asio::io_context& ctx) noexcept : previous_(t_current_context) {
  t_current_context = &ctx;
}
context_scope::~context_scope() { t_current_context = previous_; }

std::string_view io_backend_name() noexcept {
#if defined(BOOST_ASIO_HAS_IO_URING) && defined(BOOST_ASIO_DISABLE_EPOLL)
  return "io_uring";
#else
  return "epoll";
#endif
}

}  // namespace whippet::runtime
