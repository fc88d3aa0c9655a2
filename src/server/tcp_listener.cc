#include "server/tcp_listener.h"

#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/log.h"
#include "runtime/waits.h"

namespace whippet::server {
namespace asio = boost::asio;
using asio::ip::tcp;

tcp_listener::tcp_listener(runtime::shard_pool& pool, const config::tcp_config& cfg, broker& b)
    : pool_(pool), cfg_(cfg), broker_(b), acceptor_(pool.context(0)), pause_(pool.context(0)),
      limits_(cfg.max_connections, cfg.max_connections_per_ip) {
  for (unsigned i = 0; i < pool.size(); ++i)
    registries_.push_back(std::make_unique<connection_registry>(cfg.request_memory_budget));
}

tcp_listener::~tcp_listener() = default;

result<void, std::string> tcp_listener::bind() {
  boost::system::error_code ec;
  const auto ip = asio::ip::make_address(cfg_.address.host, ec);
  if (ec) return fail("invalid TCP address " + cfg_.address.to_string());
  const tcp::endpoint endpoint(ip, cfg_.address.port);
  const auto failed = [&](std::string_view what) {
    return fail("cannot " + std::string(what) + " TCP " + cfg_.address.to_string() + ": " + ec.message());
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return failed("open");
  acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (ec) return failed("configure");
  acceptor_.bind(endpoint, ec);
  if (ec) return failed("bind");
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return failed("listen on");
  return {};
}

config::socket_address tcp_listener::local_address() const {
  boost::system::error_code ec;
  const auto ep = acceptor_.local_endpoint(ec);
  config::socket_address out;
  out.host = ep.address().to_string();
  out.is_ipv6 = ep.address().is_v6();
  out.port = ep.port();
  return out;
}

void tcp_listener::start() { asio::co_spawn(pool_.context(0), accept_loop(), [](std::exception_ptr e) { runtime::log_if_failed("accept loop", e); }); }

void tcp_listener::log_connections() {
  for (unsigned shard = 0; shard < pool_.size(); ++shard)
    pool_.post(shard, [this, shard] {
      if (registries_[shard]->size() > 0)
        log::warn("shard {} still serves {} connection(s): {}", shard, registries_[shard]->size(),
                  registries_[shard]->describe());
    });
}

// Stopping wakes the accept loop and leaves closing to it: the descriptor is
// closed only once no accept is pending on it (a descriptor closed under a
// pending operation can be retried on the freed number, by then perhaps
// another file's).
void tcp_listener::stop() {
  stopping_ = true;  // before the shards close their connections: one accepted meanwhile is dropped
  pool_.post(0, [this] {
    boost::system::error_code ignored;
    acceptor_.cancel(ignored);
    if (acceptor_.is_open()) ::shutdown(acceptor_.native_handle(), SHUT_RDWR);  // an accept now fails at once
    pause_.cancel();
  });
  for (unsigned shard = 0; shard < pool_.size(); ++shard)
    pool_.post(shard, [this, shard] { registries_[shard]->close_all(); });
}

namespace {
log::rate_limiter g_accept_lines(5, 1000);

bool out_of_resources(const boost::system::error_code& ec) {
  return ec == asio::error::no_descriptors || ec.value() == ENFILE || ec == asio::error::no_buffer_space ||
         ec == asio::error::no_memory;
}
}  // namespace

void tcp_listener::spawn(unsigned shard, std::shared_ptr<connection> c) {
  asio::co_spawn(pool_.context(shard), connection::run(std::move(c)),
                 [this](std::exception_ptr e, std::optional<connection_handoff> handoff) {
                   runtime::log_if_failed("connection", e);
                   if (handoff) resume(std::move(*handoff));
                 });
}

// On the connection's new shard the descriptor joins that shard's reactor.
// A connection that arrives once the listener is stopping (this shard may
// have closed its connections already) is closed at once: it ends, like any
// other, by leaving its groups and unregistering.
void tcp_listener::resume(connection_handoff h) {
  moved_.fetch_add(1, std::memory_order_relaxed);
  const unsigned shard = h.s.shard;
  auto state = std::make_shared<connection_handoff>(std::move(h));
  pool_.post(shard, [this, shard, state] {
    tcp::socket socket(pool_.context(shard));
    boost::system::error_code ec;
    socket.assign(state->protocol, state->fd, ec);
    if (ec) {
      log::error("client {}: cannot resume its connection on shard {}: {}", state->s.client_id, shard, ec.message());
      ::close(state->fd);
    }
    auto c = std::make_shared<connection>(std::move(socket), std::move(state->s), std::move(state->slot), cfg_,
                                          *registries_[shard], broker_, /*resumed=*/true);
    if (ec || stopping_) c->close();
    spawn(shard, std::move(c));
  });
}

asio::awaitable<void> tcp_listener::accept_loop() {
  const runtime::counted_wait running(runtime::wait_kind::accept_loop);
  unsigned next_shard = 0;
  std::chrono::milliseconds backoff{0};
  for (;;) {
    const unsigned shard = next_shard;
    if (stopping_) break;
    // The socket is created on the target shard's context: it never runs on shard 0.
    auto [ec, socket] = co_await acceptor_.async_accept(pool_.context(shard), asio::as_tuple(asio::use_awaitable));
    if (stopping_) break;  // a connection accepted as the listener stopped is closed with it
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
      if (out_of_resources(ec)) {
        // The pending connection stays in the backlog; try again once some
        // descriptor may have been freed, without spinning meanwhile.
        backoff = std::min(std::chrono::milliseconds(1000), std::max(std::chrono::milliseconds(50), backoff * 2));
        log::limited(g_accept_lines, log::level::warn, "accept failed: {}; retrying in {} ms", ec.message(),
                     backoff.count());
        pause_.expires_after(backoff);
        co_await pause_.async_wait(asio::as_tuple(asio::use_awaitable));
      } else {
        log::limited(g_accept_lines, log::level::warn, "accept failed: {}", ec.message());
      }
      continue;
    }
    backoff = std::chrono::milliseconds(0);
    boost::system::error_code opt_ec;
    const auto peer = socket.remote_endpoint(opt_ec);
    const std::string ip = opt_ec ? std::string("unknown") : peer.address().to_string();
    admission_refusal why{};
    auto slot = limits_.admit(ip, why);
    if (!slot) {
      log::limited(g_accept_lines, log::level::warn, "refusing a connection from {}: {} connections open", ip,
                   why == admission_refusal::total ? "tcp.max_connections" : "tcp.max_connections_per_ip");
      socket.close(opt_ec);
      continue;
    }
    next_shard = (next_shard + 1) % pool_.size();
    socket.set_option(tcp::no_delay(true), opt_ec);
    session s;
    s.client_id = next_client_id_.fetch_add(1, std::memory_order_relaxed);
    s.shard = shard;
    s.peer_ip = ip;
    s.peer_address = opt_ec ? std::string("unknown") : ip + ":" + std::to_string(peer.port());
    accepted_.fetch_add(1, std::memory_order_relaxed);
    auto state = std::make_shared<std::pair<tcp::socket, connection_slot>>(std::move(socket), std::move(*slot));
    pool_.post(shard, [this, shard, s = std::move(s), state]() mutable {
      if (stopping_) return;  // after this shard closed its connections: the socket closes here
      spawn(shard, std::make_shared<connection>(std::move(state->first), std::move(s), std::move(state->second),
                                                cfg_, *registries_[shard], broker_));
    });
  }
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

}  // namespace whippet::server
