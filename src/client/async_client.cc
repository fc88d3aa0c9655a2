#include "client/async_client.h"

namespace whippet::client {

result<std::unique_ptr<async_client>, error> async_client::connect(const std::string& address,
                                                                   client_options options) {
  auto c = client::connect(address, options);
  if (!c) return fail(c.error());
  return std::make_unique<async_client>(std::move(*c));
}

async_client::async_client(client c) : client_(std::move(c)), thread_([this] { run(); }) {}

async_client::~async_client() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void async_client::enqueue(std::function<void(client&)> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  cv_.notify_one();
}

void async_client::run() {
  for (;;) {
    std::function<void(client&)> job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and nothing left
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job(client_);
  }
}

std::future<result<uint32_t, error>> async_client::login_user(std::string username, std::string password) {
  return call<&client::login_user>(std::move(username), std::move(password));
}

std::future<result<void, error>> async_client::send_messages(identifier stream, identifier topic,
                                                             bin::partitioning partitioning,
                                                             std::vector<uint8_t> messages, uint32_t count) {
  return submit([=, messages = std::move(messages)](client& c) {
    return c.send_messages(stream, topic, partitioning, messages, count);
  });
}

std::future<result<client::polled, error>> async_client::poll_messages(bin::consumer consumer, identifier stream,
                                                                       identifier topic,
                                                                       std::optional<uint32_t> partition_id,
                                                                       bin::polling_strategy strategy, uint32_t count,
                                                                       bool auto_commit) {
  return call<&client::poll_messages>(std::move(consumer), std::move(stream), std::move(topic), partition_id,
                                      strategy, count, auto_commit);
}

}  // namespace whippet::client
