#include "server/server.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>

#include "base/log.h"
#include "base/signals.h"
#include "runtime/shard_pool.h"
#include "runtime/waits.h"
#include "server/bootstrap.h"
#include "server/broker.h"
#include "server/tcp_listener.h"

namespace whippet::server {
namespace asio = boost::asio;

struct server::impl {
  impl(config::server_config c, storage::file_system& fs)
      : cfg(std::move(c)), pool(cfg.shard_count), broker(cfg, pool, fs), signals(pool.context(0), SIGINT, SIGTERM) {}

  // Declared first, so destroyed last: the lock outlives every open file.
  std::optional<data_directory_lock> data_lock;
  config::server_config cfg;
  runtime::shard_pool pool;
  whippet::server::broker broker;
  asio::signal_set signals;
  std::unique_ptr<tcp_listener> tcp;
  std::atomic<bool> stopping{false};
  std::chrono::steady_clock::time_point started_at;
  // Reports, every few seconds, what a shutdown that has not ended still
  // waits for; ended by the loops ending.
  std::mutex watch_mutex;
  std::condition_variable watch_wake;
  bool loops_ended = false;
  std::thread watchdog;

  void watch_shutdown() {
    watchdog = std::thread([this] {
      std::unique_lock lock(watch_mutex);
      for (int waited = 5; !watch_wake.wait_for(lock, std::chrono::seconds(5), [this] { return loops_ended; });
           waited += 5) {
        log::warn("shutdown has taken {} s: {} connection(s) open; waiting: {}", waited,
                  tcp ? tcp->open_connections() : 0, runtime::waits_summary());
        if (tcp) tcp->log_connections();
      }
    });
  }

  ~impl() { end_watch(); }

  void end_watch() {
    {
      std::lock_guard lock(watch_mutex);
      loops_ended = true;
    }
    watch_wake.notify_all();
    if (watchdog.joinable()) watchdog.join();
  }

  void begin_shutdown(std::string_view reason) {
    if (stopping.exchange(true)) return;
    log::info("{}: shutting down", reason);
    watch_shutdown();
    broker.stop();
    if (tcp) {
      log::info("closing the TCP listener and its connections");
      tcp->stop();
    }
    // Dropping our handlers restores the default action: a second signal ends
    // the process. A wait still pending (a stop not asked for by a signal)
    // is cancelled, or shard 0 would never run out of work.
    pool.post(0, [this] {
      boost::system::error_code ignored;
      signals.cancel(ignored);
      signals.clear(ignored);
    });
    pool.drain();
  }

  void wait_for_signal() {
    signals.async_wait([this](boost::system::error_code ec, int signo) {
      if (ec) return;
      begin_shutdown(signo == SIGINT ? "received SIGINT" : "received SIGTERM");
    });
  }
};

server::server(config::server_config cfg, storage::file_system& fs) {
  // Before any shard thread exists: a peer that vanishes mid-sendfile must
  // cost its connection, never the process.
  ignore_sigpipe();
  impl_ = std::make_unique<impl>(std::move(cfg), fs);
}
server::~server() = default;

result<void, std::string> server::start(const std::function<result<root_credentials, std::string>()>& make_root) {
  log::info("open-file limit: {}", raise_open_file_limit());
  auto lock = prepare_data_directory(impl_->cfg.system_path);
  if (!lock) return fail(lock.error());
  impl_->data_lock.emplace(std::move(*lock));
  if (auto r = impl_->broker.start(make_root); !r) return r;
  if (impl_->cfg.tcp.enabled) {
    impl_->tcp = std::make_unique<tcp_listener>(impl_->pool, impl_->cfg.tcp, impl_->broker);
    if (auto r = impl_->tcp->bind(); !r) return r;
    impl_->broker.set_tcp_bound_port(impl_->tcp->local_address().port);
  }
  return {};
}

std::string server::tcp_address() const { return impl_->tcp ? impl_->tcp->local_address().to_string() : ""; }

void server::run() {
  impl_->started_at = std::chrono::steady_clock::now();
  impl_->wait_for_signal();
  impl_->broker.start_maintenance();
  if (impl_->tcp) {
    impl_->tcp->start();
    log::info("listening on TCP {}", tcp_address());
  }
  log::info("whippet-server started: {} shard(s) on {}, data in {}", impl_->pool.size(), runtime::io_backend_name(),
            impl_->cfg.system_path.string());
  impl_->pool.run();
  impl_->end_watch();
  impl_->pool.finish_remaining();
  const auto secs =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - impl_->started_at);
  log::info("whippet-server stopped after {:.1f} s; accepted {} TCP connection(s), moved {} to the shard of their data",
            secs.count() / 1000.0, impl_->tcp ? impl_->tcp->accepted() : 0, connections_moved());
}

uint64_t server::cross_shard_hops() const { return impl_->broker.cross_shard_hops(); }
uint64_t server::connections_moved() const { return impl_->tcp ? impl_->tcp->moved() : 0; }
broker& server::broker() noexcept { return impl_->broker; }

void server::request_stop() {
  impl_->pool.post(0, [this] { impl_->begin_shutdown("stop requested"); });
}

}  // namespace whippet::server
