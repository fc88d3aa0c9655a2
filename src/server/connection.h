#pragma once
// connection: one client's TCP connection, served by one coroutine on the
// shard that owns the socket. Requests are read and answered one at a time,
// as the protocol prescribes (there are no request ids).
//
// A frame with an impossible length, or one over the configured limit, is
// answered with InvalidCommand and the connection closed; a request that
// stops arriving mid-way is cut off after tcp.request_timeout. Neither
// affects any other connection.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <unordered_set>
#include <vector>

#include "config/server_config.h"
#include "server/reply.h"
#include "server/session.h"

namespace whippet::server {

class broker;
class connection;

// The live connections of one shard; touched only on that shard's thread.
class connection_registry {
 public:
  void add(connection* c) { live_.insert(c); }
  void remove(connection* c) { live_.erase(c); }
  size_t size() const noexcept { return live_.size(); }
  // Closes every live connection (at shutdown); their coroutines then end.
  void close_all();

 private:
  std::unordered_set<connection*> live_;
};

class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(boost::asio::ip::tcp::socket socket, session s, const config::tcp_config& cfg,
             connection_registry& registry, broker& b);
  ~connection();

  // Serves requests until the peer closes, an error occurs or close() is called.
  static boost::asio::awaitable<void> run(std::shared_ptr<connection> self);
  void close();

 private:
  boost::asio::awaitable<bool> serve_one();
  void arm_deadline();
  boost::asio::awaitable<bool> send_error(uint32_t status);
  boost::asio::awaitable<bool> send_reply(reply& r);
  boost::asio::awaitable<bool> send_file_range(const storage::file_range& range);

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer deadline_;
  session session_;
  const config::tcp_config& cfg_;
  connection_registry& registry_;
  broker& broker_;
  std::vector<uint8_t> payload_;
};

}  // namespace whippet::server
