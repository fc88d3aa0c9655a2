#pragma once
// async_client: the SDK without waiting. Every command is queued to the
// client's own I/O thread, in order, and answered through a std::future.
//
//   auto a = async_client::connect("127.0.0.1:8090").value();
//   auto streams = a->call<&client::get_streams>();      // any command, by its method
//   auto sent = a->send_messages(stream, topic, partitioning, bytes, count);
//   ... streams.get(), sent.get()
//
// The connection is the wrapped client's (reconnect and re-login included).

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

#include "client/client.h"

namespace whippet::client {

class async_client {
 public:
  static result<std::unique_ptr<async_client>, error> connect(const std::string& address, client_options options = {});
  explicit async_client(client c);
  ~async_client();  // finishes what is queued, then stops the I/O thread
  async_client(const async_client&) = delete;
  async_client& operator=(const async_client&) = delete;

  // Runs fn(client&) on the I/O thread after everything queued before it.
  template <typename F>
  auto submit(F fn) -> std::future<std::invoke_result_t<F, client&>> {
    using R = std::invoke_result_t<F, client&>;
    auto task = std::make_shared<std::packaged_task<R(client&)>>(std::move(fn));
    auto future = task->get_future();
    enqueue([task](client& c) { (*task)(c); });
    return future;
  }

  // Any command, named by its client method: call<&client::get_stream>(id).
  template <auto Method, typename... Args>
  auto call(Args... args) {
    return submit([... a = std::move(args)](client& c) mutable { return (c.*Method)(std::move(a)...); });
  }

  std::future<result<uint32_t, error>> login_user(std::string username, std::string password);
  std::future<result<void, error>> send_messages(identifier stream, identifier topic, bin::partitioning partitioning,
                                                 std::vector<uint8_t> messages, uint32_t count);
  std::future<result<client::polled, error>> poll_messages(bin::consumer consumer, identifier stream, identifier topic,
                                                           std::optional<uint32_t> partition_id,
                                                           bin::polling_strategy strategy, uint32_t count,
                                                           bool auto_commit);

 private:
  void enqueue(std::function<void(client&)> job);
  void run();

  client client_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void(client&)>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace whippet::client
