#include "runtime/io_ring.h"

#include <liburing.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <boost/asio/async_result.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <cstring>
#include <exception>
#include <utility>
#include <vector>

#include "base/assert.h"
#include "base/log.h"
#include "runtime/shard_pool.h"
#include "runtime/waits.h"

namespace asio = boost::asio;

namespace whippet::runtime {
namespace {

constexpr unsigned k_entries = 256;

// A submitted operation: its continuation, type-erased.
struct operation {
  virtual ~operation() = default;
  virtual void complete(int result) = 0;
};

template <typename Handler>
struct operation_of final : operation {
  explicit operation_of(Handler&& h) : handler(std::move(h)) {}
  void complete(int result) override { std::move(handler)(result); }
  Handler handler;
};

}  // namespace

struct io_ring::impl {
  explicit impl(asio::io_context& ctx) : events(ctx) {}

  io_uring ring{};
  bool ring_ok = false;
  int event_fd = -1;
  asio::posix::stream_descriptor events;
  bool armed = false;
  bool stopping = false;
  uint64_t in_flight = 0;
  std::vector<bool> supported;

  // Waits for the next completion, only while something is in flight.
  void arm() {
    if (armed || in_flight == 0 || stopping) return;
    armed = true;
    events.async_wait(asio::posix::stream_descriptor::wait_read, [this](const boost::system::error_code& ec) {
      armed = false;
      if (ec) return;  // closed: the context is going away
      uint64_t count = 0;
      (void)::read(event_fd, &count, sizeof count);
      reap();
      arm();
    });
  }

  // Takes every completion, then runs their continuations: a continuation
  // may submit again, so the queue is released first.
  void reap() {
    std::vector<std::pair<operation*, int>> done;
    io_uring_cqe* cqe = nullptr;
    unsigned head = 0, n = 0;
    if (io_uring_cq_has_overflow(&ring)) (void)io_uring_get_events(&ring);  // flush what overflowed
    io_uring_for_each_cqe(&ring, head, cqe) {
      done.emplace_back(static_cast<operation*>(io_uring_cqe_get_data(cqe)), cqe->res);
      ++n;
    }
    io_uring_cq_advance(&ring, n);
    // Every continuation runs, even if one throws; the first exception goes
    // on once all of them did (the shard logs it and runs on).
    std::exception_ptr first;
    for (auto& [op, res] : done) {
      if (op == nullptr) continue;  // a cancellation request or a replaced entry
      --in_flight;
      waiting(wait_kind::ring_operation).fetch_sub(1, std::memory_order_relaxed);
      std::unique_ptr<operation> owned(op);
      try {
        owned->complete(res);
      } catch (...) {
        if (!first) first = std::current_exception();
      }
    }
    if (first) {
      arm();
      std::rethrow_exception(first);
    }
  }

  // Fills and submits one entry; 0, or -errno if the ring refuses it.
  int submit(const std::function<void(io_uring_sqe*)>& prep, operation* op) {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring);
    if (sqe == nullptr) {  // full: hand the queued entries to the kernel and retry
      io_uring_submit(&ring);
      sqe = io_uring_get_sqe(&ring);
      if (sqe == nullptr) return -EBUSY;
    }
    prep(sqe);
    io_uring_sqe_set_data(sqe, op);
    const int rc = io_uring_submit(&ring);
    if (rc < 0) {
      // The entry stays queued and goes with a later submit: make it a
      // no-op that names no operation, since the caller fails this one now.
      io_uring_prep_nop(sqe);
      io_uring_sqe_set_data(sqe, nullptr);
      return rc;
    }
    ++in_flight;
    waiting(wait_kind::ring_operation).fetch_add(1, std::memory_order_relaxed);
    arm();
    return 0;
  }
};

io_ring::io_ring(asio::execution_context& owner)
    : asio::execution_context::service(owner), impl_(std::make_unique<impl>(static_cast<asio::io_context&>(owner))) {
  const int rc = io_uring_queue_init(k_entries, &impl_->ring, 0);
  WHIPPET_ASSERT(rc == 0, "io_uring_queue_init failed");
  impl_->ring_ok = true;
  impl_->event_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  WHIPPET_ASSERT(impl_->event_fd >= 0, "eventfd failed");
  WHIPPET_ASSERT(io_uring_register_eventfd(&impl_->ring, impl_->event_fd) == 0, "io_uring_register_eventfd failed");
  impl_->events.assign(impl_->event_fd);
  if (io_uring_probe* probe = io_uring_get_probe_ring(&impl_->ring)) {
    impl_->supported.resize(static_cast<size_t>(probe->last_op) + 1);
    for (int op = 0; op <= probe->last_op; ++op) impl_->supported[op] = io_uring_opcode_supported(probe, op) != 0;
    io_uring_free_probe(probe);
  }
}

io_ring::~io_ring() {
  if (impl_->ring_ok) io_uring_queue_exit(&impl_->ring);
}

void io_ring::shutdown() {
  impl_->stopping = true;
  // Nothing may complete into a destroyed frame: cancel what can be
  // cancelled, wait for the kernel to finish everything else, then drop the
  // continuations without running them.
  if (impl_->in_flight > 0) {
    if (io_uring_sqe* sqe = io_uring_get_sqe(&impl_->ring)) {
      io_uring_prep_cancel(sqe, nullptr, IORING_ASYNC_CANCEL_ANY);
      io_uring_sqe_set_data(sqe, nullptr);
      io_uring_submit(&impl_->ring);
    }
  }
  while (impl_->in_flight > 0) {
    io_uring_cqe* cqe = nullptr;
    const int rc = io_uring_wait_cqe(&impl_->ring, &cqe);
    if (rc == -EINTR) continue;
    // Giving up would let the kernel write into buffers about to be freed.
    WHIPPET_ASSERT(rc == 0, "io_uring_wait_cqe failed at shutdown");
    auto* op = static_cast<operation*>(io_uring_cqe_get_data(cqe));
    io_uring_cqe_seen(&impl_->ring, cqe);
    if (op == nullptr) continue;
    --impl_->in_flight;
    waiting(wait_kind::ring_operation).fetch_sub(1, std::memory_order_relaxed);
    delete op;
  }
  boost::system::error_code ignored;
  impl_->events.close(ignored);  // also closes the eventfd
  impl_->event_fd = -1;
}

io_ring& io_ring::of(asio::io_context& ctx) { return asio::use_service<io_ring>(ctx); }

asio::awaitable<io_ring*> io_ring::current() {
  // The ring of the thread the coroutine runs on: after a hop that is not
  // the context of its executor. Completions resume it on the ring's thread.
  if (asio::io_context* here = shard_pool::current_context()) co_return &of(*here);
  auto ex = co_await asio::this_coro::executor;
  auto& ctx = static_cast<asio::io_context&>(asio::query(ex, asio::execution::context));
  co_return &of(ctx);
}

asio::awaitable<int> io_ring::run(std::function<void(io_uring_sqe*)> prep) {
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(int)>(
      [this, &prep](auto handler) {
        using handler_t = decltype(handler);
        auto op = std::make_unique<operation_of<handler_t>>(std::move(handler));
        if (impl_->stopping) return;  // the context is going away: dropped, as at shutdown
        const int rc = impl_->submit(prep, op.get());
        if (rc < 0) {
          // Never resumed from inside its own initiation: completed from the loop.
          asio::post(impl_->events.get_executor(), [op = std::move(op), rc]() mutable { op->complete(rc); });
          return;
        }
        (void)op.release();  // owned by the ring until its completion
      },
      asio::use_awaitable);
}

bool io_ring::supports(int opcode) const noexcept {
  return opcode >= 0 && static_cast<size_t>(opcode) < impl_->supported.size() && impl_->supported[opcode];
}

uint64_t io_ring::in_flight() const noexcept { return impl_->in_flight; }

}  // namespace whippet::runtime
