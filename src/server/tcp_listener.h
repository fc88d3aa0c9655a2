#pragma once
// tcp_listener: accepts TCP connections on shard 0 and hands each one to a
// shard, round-robin; from then on the connection lives on that shard only.
// Connections over tcp.max_connections (or tcp.max_connections_per_ip from one
// address) are closed at once. A connection may later move to another
// shard, between two requests (see connection.h). When the process is out
// of descriptors the loop backs off (50 ms doubling to 1 s) instead of
// spinning on EMFILE.

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "config/server_config.h"
#include "runtime/shard_pool.h"
#include "server/connection.h"

namespace whippet::server {

class tcp_listener {
 public:
  tcp_listener(runtime::shard_pool& pool, const config::tcp_config& cfg, broker& b);
  ~tcp_listener();

  result<void, std::string> bind();
  config::socket_address local_address() const;

  // Starts the accept loop on shard 0.
  void start();
  // Stops accepting and closes every connection; each shard does its own.
  void stop();

  uint64_t accepted() const noexcept { return accepted_.load(std::memory_order_relaxed); }
  // Connections moved to another shard (tcp.socket_migration) so far.
  uint64_t moved() const noexcept { return moved_.load(std::memory_order_relaxed); }
  // Connections open now (any thread).
  uint32_t open_connections() const { return limits_.open(); }
  // Logs, from each shard, the connections it still serves (a slow shutdown).
  void log_connections();

 private:
  boost::asio::awaitable<void> accept_loop();
  // Runs a connection on its shard; one that moves is resumed on its new shard.
  void spawn(unsigned shard, std::shared_ptr<connection> c);
  void resume(connection_handoff h);

  runtime::shard_pool& pool_;
  const config::tcp_config& cfg_;
  broker& broker_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer pause_;  // the accept loop's back-off when out of descriptors
  std::vector<std::unique_ptr<connection_registry>> registries_;  // one per shard
  connection_limits limits_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> accepted_{0};
  std::atomic<uint64_t> moved_{0};
  std::atomic<uint32_t> next_client_id_{1};
};

}  // namespace whippet::server
