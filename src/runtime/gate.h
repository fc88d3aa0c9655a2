#pragma once
// gate: keeps an object alive and in use until whoever uses it is done, the
// way Seastar's gate does. Work enters before it touches the object and
// leaves when it is finished, from any thread; close() stops new entries and
// waits until the last one has left. Closing is how a partition is deleted
// while sends, polls, flushes and syncs on it are in flight: none of them can
// find it afterwards, and none still running is cut off.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <mutex>

namespace whippet::runtime {

class gate {
 public:
  gate() = default;
  gate(const gate&) = delete;
  gate& operator=(const gate&) = delete;

  // False once the gate is closed (or closing): the object is going away.
  bool enter() noexcept;
  void leave() noexcept;

  // Refuses new entries and resumes once every holder has left. Runs on the
  // calling thread's shard context (its executor off a shard); call it at most once.
  boost::asio::awaitable<void> close();

  bool closed() const noexcept;
  uint64_t inside() const noexcept;

 private:
  mutable std::mutex mutex_;
  uint64_t inside_ = 0;
  bool closed_ = false;
  std::function<void()> on_empty_;
};

}  // namespace whippet::runtime
