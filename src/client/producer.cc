#include "client/producer.h"

#include "client/quick.h"

namespace whippet::client {
using clock_type = std::chrono::steady_clock;

result<std::unique_ptr<producer>, error> producer::create(const std::string& address, const credentials& who,
                                                          producer_config config, client_options options) {
  auto c = open(address, who, options);
  if (!c) return fail(c.error());
  return std::unique_ptr<producer>(new producer(std::move(*c), std::move(config)));
}

producer::producer(client c, producer_config config) : client_(std::move(c)), config_(std::move(config)) {
  sender_ = std::thread([this] { run(); });
}

producer::~producer() { (void)close(); }

result<void, error> producer::enqueue(outgoing_message m, bool block) {
  const size_t size = encoded_size(m);
  std::unique_lock lock(mutex_);
  const auto full = [&] { return !blob_.empty() && blob_.size() + in_flight_bytes_ + size > config_.max_buffered_bytes; };
  if (closing_) return fail(error{errc::disconnected, 0, "the producer is closed"});
  if (full()) {
    if (!block) return fail(error{errc::would_block, 0, "the producer's buffer is full"});
    ++blocked_;  // the sender sends now instead of waiting for its linger
    wake_sender_.notify_one();
    space_or_done_.wait(lock, [&] { return closing_ || !full(); });
    --blocked_;
    if (closing_) return fail(error{errc::disconnected, 0, "the producer is closed"});
  }
  if (queued_ == 0) oldest_ = clock_type::now();
  append_message(blob_, m);
  ++queued_;
  if (queued_ >= config_.batch_size || blob_.size() >= config_.batch_bytes) wake_sender_.notify_one();
  return {};
}

result<void, error> producer::send(outgoing_message m) { return enqueue(std::move(m), true); }
result<void, error> producer::try_send(outgoing_message m) { return enqueue(std::move(m), false); }

result<void, error> producer::flush() {
  std::unique_lock lock(mutex_);
  flush_requested_ = true;
  wake_sender_.notify_one();
  // Done when nothing is queued and every batch taken so far has finished.
  space_or_done_.wait(lock, [&] { return queued_ == 0 && completed_ == generation_; });
  flush_requested_ = false;
  if (first_error_) {
    auto e = *first_error_;
    first_error_.reset();
    return fail(e);
  }
  return {};
}

result<void, error> producer::close() {
  if (!sender_.joinable()) return {};
  auto r = flush();
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_sender_.notify_all();
  space_or_done_.notify_all();
  sender_.join();
  return r;
}

void producer::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    const auto due = [&] {
      return queued_ > 0 && (queued_ >= config_.batch_size || blob_.size() >= config_.batch_bytes ||
                             flush_requested_ || closing_ || blocked_ > 0 ||
                             clock_type::now() - oldest_ >= config_.linger);
    };
    if (!due()) {
      if (closing_ && queued_ == 0) return;
      if (queued_ > 0)
        wake_sender_.wait_until(lock, oldest_ + config_.linger);
      else
        wake_sender_.wait(lock);
      continue;
    }
    // Takes everything queued as one batch (bounded by max_buffered_bytes).
    std::vector<uint8_t> batch;
    batch.swap(blob_);
    const uint32_t count = queued_;
    queued_ = 0;
    in_flight_bytes_ = batch.size();
    ++generation_;
    lock.unlock();
    space_or_done_.notify_all();  // the queue has room again
    auto r = client_.send_messages(config_.stream, config_.topic, config_.partitioning, batch, count);
    lock.lock();
    in_flight_bytes_ = 0;
    if (r) {
      sent_ += count;
    } else {
      failed_ += count;
      if (!first_error_) first_error_ = r.error();
      if (config_.on_error) {
        lock.unlock();
        config_.on_error(r.error(), count);
        lock.lock();
      }
    }
    ++completed_;
    space_or_done_.notify_all();
  }
}

uint64_t producer::sent_messages() const {
  std::lock_guard lock(mutex_);
  return sent_;
}
uint64_t producer::failed_messages() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

}  // namespace whippet::client
