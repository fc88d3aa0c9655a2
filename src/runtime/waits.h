#pragma once
// waits: how many coroutines are suspended, process-wide, in each of the
// runtime's waits that only another coroutine can end (a lane's turn, a gate
// closing, a fan-out's join, a ring operation), and how many of the
// long-running ones (fan-out parts, the accept loop, maintenance loops) are
// still alive. A shutdown that does not end
// names what it still waits for from these (server.cc), so a lost wake-up is
// found from the log, not from a debugger.

#include <atomic>
#include <cstdint>
#include <string>

namespace whippet::runtime {

enum class wait_kind : unsigned {
  lane_turn,
  gate_close,
  fan_out_join,
  ring_operation,
  fan_out_task,     // a fan-out's part on one shard, running
  accept_loop,
  maintenance_loop,  // one per shard
  count
};

std::atomic<int64_t>& waiting(wait_kind kind) noexcept;

// Counts one suspended wait of `kind` for its scope.
class counted_wait {
 public:
  explicit counted_wait(wait_kind kind) noexcept : counter_(waiting(kind)) { counter_.fetch_add(1, std::memory_order_relaxed); }
  ~counted_wait() { counter_.fetch_sub(1, std::memory_order_relaxed); }
  counted_wait(const counted_wait&) = delete;
  counted_wait& operator=(const counted_wait&) = delete;

 private:
  std::atomic<int64_t>& counter_;
};

// "lane turns 0, gate closes 1, fan-out joins 1, ring operations 0; running:
// fan-out parts 2, accept loops 1, maintenance loops 2".
std::string waits_summary();

}  // namespace whippet::runtime
