#pragma once
// producer: batches messages in the background and sends them.
//
// send() queues a message and returns at once; a background thread sends a
// batch when it holds `batch_size` messages or `batch_bytes` bytes, or when
// the oldest queued message has waited `linger`. Memory is bounded: when
// `max_buffered_bytes` are queued, send() blocks until there is room
// (backpressure) and try_send() refuses. A failed batch is reported to
// `on_error` (with how many messages it held) and by the next flush().
//
// Lifecycle: create() connects and logs in on a connection of its own;
// close() (or the destructor) sends what is queued, then stops.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "client/client.h"
#include "client/message.h"

namespace whippet::client {

struct credentials {
  std::string username;
  std::string password;
  std::string token;  // a personal access token instead of username/password
};

struct producer_config {
  identifier stream;
  identifier topic;
  bin::partitioning partitioning = bin::partitioning::balanced();
  uint32_t batch_size = 1000;
  uint64_t batch_bytes = 1 << 20;
  std::chrono::milliseconds linger{5};
  uint64_t max_buffered_bytes = 64ull << 20;
  std::function<void(const error&, uint32_t lost_messages)> on_error;
};

class producer {
 public:
  static result<std::unique_ptr<producer>, error> create(const std::string& address, const credentials& who,
                                                         producer_config config, client_options options = {});
  ~producer();
  producer(const producer&) = delete;
  producer& operator=(const producer&) = delete;

  // Queues a message; blocks while the buffer is full. Fails once closed.
  result<void, error> send(outgoing_message m);
  result<void, error> send(std::string_view text) { return send(outgoing_message::text(text)); }
  // Queues a message, or fails with errc::would_block when the buffer is full.
  result<void, error> try_send(outgoing_message m);
  result<void, error> try_send(std::string_view text) { return try_send(outgoing_message::text(text)); }
  // Sends everything queued now and waits for it; the first error since the last flush.
  result<void, error> flush();
  // Flushes, then stops the sender.
  result<void, error> close();

  uint64_t sent_messages() const;
  uint64_t failed_messages() const;

 private:
  producer(client c, producer_config config);
  void run();
  result<void, error> enqueue(outgoing_message m, bool block);

  client client_;
  producer_config config_;
  mutable std::mutex mutex_;
  std::condition_variable wake_sender_;
  std::condition_variable space_or_done_;
  std::vector<uint8_t> blob_;  // queued messages, encoded
  uint32_t queued_ = 0;
  std::chrono::steady_clock::time_point oldest_{};
  bool flush_requested_ = false;
  unsigned blocked_ = 0;  // send() calls waiting for room
  bool closing_ = false;
  uint64_t in_flight_bytes_ = 0;
  uint64_t sent_ = 0, failed_ = 0;
  uint64_t generation_ = 0;  // batches taken by the sender
  uint64_t completed_ = 0;   // batches it finished
  std::optional<error> first_error_;
  std::thread sender_;
};

}  // namespace whippet::client
