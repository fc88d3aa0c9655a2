#pragma once
// io_ring: a shard's own io_uring for file I/O, so that no disk operation
// blocks the shard's thread. One per io_context (an Asio service, created on
// first use); used only from that context's thread.
//
// An operation is submitted with `co_await ring.run(prep)`, where `prep`
// fills the submission entry (io_uring_prep_writev, _fsync, _fallocate,
// _openat, _renameat, _unlinkat, ...). The coroutine resumes on the shard
// with the kernel's result: >= 0 on success, -errno on failure. Whatever the
// entry points to (buffers, iovecs, paths) must live until it resumes, which
// the awaiting coroutine's frame guarantees.
//
// Completions arrive through an eventfd that the context waits on, armed only
// while operations are in flight: an idle ring holds no work, so a loop that
// drains still ends. Destroying the context cancels what it can, waits for
// the kernel to finish the rest and drops their continuations.

#include <cstdint>
#include <functional>
#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/execution_context.hpp>

struct io_uring_sqe;

namespace boost::asio {
class io_context;
}

namespace whippet::runtime {

class io_ring final : public boost::asio::execution_context::service {
 public:
  using key_type = io_ring;
  static inline boost::asio::execution_context::id id;

  explicit io_ring(boost::asio::execution_context& owner);
  ~io_ring() override;

  // The ring of `ctx`, created on first use.
  static io_ring& of(boost::asio::io_context& ctx);
  // The ring of the context the calling coroutine runs on.
  static boost::asio::awaitable<io_ring*> current();

  // Submits one operation; see the header comment.
  boost::asio::awaitable<int> run(std::function<void(io_uring_sqe*)> prep);

  // Whether the running kernel implements an opcode (IORING_OP_*).
  bool supports(int opcode) const noexcept;

  // Operations submitted and not yet completed.
  uint64_t in_flight() const noexcept;

 private:
  void shutdown() override;
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace whippet::runtime
