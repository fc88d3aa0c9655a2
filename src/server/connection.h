#pragma once
// connection: one client's TCP connection, served by one coroutine on the
// shard that owns the socket. Requests are read and answered one at a time,
// as the protocol prescribes (there are no request ids).
//
// What a connection may cost is bounded (docs/limits.md):
//   - before login, frames of at most tcp.max_login_frame_size, and login
//     within tcp.login_timeout of connecting;
//   - a request's body is read into a buffer that grows as its bytes arrive,
//     after its declared size was reserved from the shard's request_budget;
//   - once a request's first byte arrived, the rest of it must follow within
//     tcp.request_timeout; a reply must be taken within tcp.reply_timeout;
//     a logged-in connection may be idle for tcp.idle_timeout.
// A connection that breaks any of these is closed; no other is affected.
//
// Connections go to the data (tcp.socket_migration): one whose last
// k_migrate_after sends and polls all went to partitions of one other shard
// leaves its shard between two requests (connection::run returns a
// connection_handoff) and tcp_listener resumes it on that shard, where its
// requests then need no hop. A producer balanced over partitions of several
// shards never has such a run and stays where it is.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <unordered_set>
#include <vector>

#include "config/server_config.h"
#include "server/connection_limits.h"
#include "server/reply.h"
#include "server/request_budget.h"
#include "server/session.h"

namespace whippet::server {

class broker;
class connection;

// The live connections of one shard and the memory budget their requests
// share; touched only on that shard's thread.
class connection_registry {
 public:
  explicit connection_registry(uint64_t request_memory_budget) : budget_(request_memory_budget) {}
  void add(connection* c) { live_.insert(c); }
  void remove(connection* c) { live_.erase(c); }
  size_t size() const noexcept { return live_.size(); }
  request_budget& budget() noexcept { return budget_; }
  // Closes every live connection (at shutdown); their coroutines then end.
  void close_all();
  // The live connections on one line (at most 20 named): who each is and
  // what it is doing.
  std::string describe() const;

 private:
  std::unordered_set<connection*> live_;
  request_budget budget_;
};

// A request body's buffer, never initialised: the socket read overwrites
// it, so zero-filling it first would be wasted work.
class body_buffer {
 public:
  uint8_t* data() noexcept { return data_.get(); }
  size_t size() const noexcept { return size_; }
  size_t capacity() const noexcept { return capacity_; }
  void clear() noexcept { size_ = 0; }
  // The size becomes `n`; the first min(size(), n) bytes are kept.
  void resize(size_t n);
  // Gives the memory back (an idle connection stays small).
  void release() noexcept {
    data_.reset();
    size_ = capacity_ = 0;
  }

 private:
  std::unique_ptr<uint8_t[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// A connection leaving its shard between two requests: its descriptor and
// its session (whose `shard` names where it goes).
struct connection_handoff {
  int fd = -1;
  boost::asio::ip::tcp protocol = boost::asio::ip::tcp::v4();
  session s;
  connection_slot slot;
};

class connection : public std::enable_shared_from_this<connection> {
 public:
  // Consecutive sends and polls to one other shard's partitions that move a
  // connection there.
  static constexpr unsigned k_migrate_after = 8;

  // `resumed`: a connection handed over from another shard (registered and
  // logged in there already).
  connection(boost::asio::ip::tcp::socket socket, session s, connection_slot slot, const config::tcp_config& cfg,
             connection_registry& registry, broker& b, bool resumed = false);
  ~connection();

  // Serves requests until the peer closes, an error occurs or close() is
  // called, and then ends the client's session; or, when the connection
  // moves to another shard, until then, and returns what that shard needs.
  static boost::asio::awaitable<std::optional<connection_handoff>> run(std::shared_ptr<connection> self);
  void close();
  // "client 7 (127.0.0.1:5100), closed, running a command (last command 302)".
  std::string describe() const;

 private:
  using clock = std::chrono::steady_clock;
  enum class deadline_kind { none, login, idle, request, reply };

  static const char* deadline_name(deadline_kind kind);
  boost::asio::awaitable<bool> serve_one();
  boost::asio::awaitable<bool> read_payload(size_t size);
  // Sets the time by which the current phase must end (clock::time_point::max()
  // for none). The login deadline, while it runs, caps every other one.
  void set_deadline(deadline_kind kind, clock::time_point at);
  void set_phase_deadline(deadline_kind kind, std::optional<std::chrono::milliseconds> within);
  void arm_timer(clock::time_point at);
  void on_timer(uint64_t generation);
  boost::asio::awaitable<bool> send_error(uint32_t status);
  boost::asio::awaitable<bool> send_reply(reply& r);
  boost::asio::awaitable<bool> send_file_range(const storage::file_range& range);
  // After a request that went to `data_shard`: decides whether to move.
  void note_data_shard(std::optional<unsigned> data_shard);
  // Gives up the socket for another shard (nothing may be pending on it).
  std::optional<connection_handoff> hand_off();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer deadline_timer_;
  boost::asio::steady_timer budget_wait_;
  session session_;
  connection_slot slot_;
  const config::tcp_config& cfg_;
  connection_registry& registry_;
  broker& broker_;
  body_buffer payload_;

  bool closed_ = false;
  const bool resumed_;
  unsigned streak_shard_ = 0;  // the other shard the last requests went to
  unsigned streak_ = 0;        // how many in a row
  std::optional<unsigned> move_to_;
  const char* phase_ = "starting";  // what serve_one is doing, for describe()
  uint32_t command_ = 0;
  clock::time_point login_deadline_ = clock::time_point::max();
  clock::time_point deadline_ = clock::time_point::max();
  deadline_kind deadline_kind_ = deadline_kind::none;
  clock::time_point timer_at_ = clock::time_point::max();
  uint64_t timer_generation_ = 0;
};

}  // namespace whippet::server
