#include "server/connection.h"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "base/log.h"
#include "bytes/endian.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/frame.h"
#include "server/dispatcher.h"

namespace whippet::server {
namespace asio = boost::asio;
namespace bin = protocol::binary;
namespace {
constexpr auto k_token = asio::as_tuple(asio::use_awaitable);
// A connection keeps its payload buffer between requests up to this size;
// a larger one is released after its request so idle connections stay small.
constexpr size_t k_retained_buffer = 64 * 1024;
}  // namespace

void connection_registry::close_all() {
  // close() only cancels I/O; the coroutines remove themselves later.
  for (connection* c : live_) c->close();
}

connection::connection(asio::ip::tcp::socket socket, session s, const config::tcp_config& cfg,
                       connection_registry& registry)
    : socket_(std::move(socket)), deadline_(socket_.get_executor()), session_(std::move(s)), cfg_(cfg),
      registry_(registry) {
  registry_.add(this);
}

connection::~connection() { registry_.remove(this); }

void connection::close() {
  boost::system::error_code ignored;
  deadline_.cancel();
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

asio::awaitable<void> connection::run(std::shared_ptr<connection> self) {
  log::debug("client {} connected from {}", self->session_.client_id, self->session_.peer_address);
  for (;;) {
    const bool keep_going = co_await self->serve_one();
    if (!keep_going) break;
  }
  self->close();
  log::debug("client {} disconnected", self->session_.client_id);
}

void connection::arm_deadline() {
  deadline_.expires_after(cfg_.request_timeout);
  deadline_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;  // cancelled: the request arrived in time
    if (auto self = weak.lock()) {
      log::warn("client {}: request not completed within {} ms, closing", self->session_.client_id,
                self->cfg_.request_timeout.count());
      self->close();
    }
  });
}

asio::awaitable<bool> connection::send_error(uint32_t code) {
  const auto frame = bin::encode_error_response(static_cast<bin::status>(code));
  co_await asio::async_write(socket_, asio::buffer(frame), k_token);
  co_return false;
}

// Reads one request and answers it. Returns false when the connection must end.
asio::awaitable<bool> connection::serve_one() {
  std::array<uint8_t, bin::request_header_size> header{};
  // An idle connection waits here without a deadline; once the first byte of
  // a request has arrived, the rest of it must follow in time.
  auto [ec0, n0] = co_await asio::async_read(socket_, asio::buffer(header.data(), 1), k_token);
  if (ec0) co_return false;
  arm_deadline();
  auto [ec1, n1] = co_await asio::async_read(socket_, asio::buffer(header.data() + 1, header.size() - 1), k_token);
  if (ec1) {
    deadline_.cancel();
    if (ec1 == asio::error::eof) log::warn("client {}: truncated request header, closing", session_.client_id);
    co_return false;
  }

  auto decoded = bin::decode_request_header(header, cfg_.max_control_frame_size);
  if (!decoded) {
    deadline_.cancel();
    log::warn("client {}: {} (length field {}), closing", session_.client_id, bin::to_string(decoded.error()),
              bytes::load_le<uint32_t>(header.data()));
    co_return co_await send_error(static_cast<uint32_t>(bin::status::invalid_command));
  }

  payload_.resize(decoded->payload_size());
  if (!payload_.empty()) {
    auto [ec2, n2] = co_await asio::async_read(socket_, asio::buffer(payload_), k_token);
    if (ec2) {
      deadline_.cancel();
      log::warn("client {}: truncated request (code {}, {} of {} payload bytes), closing", session_.client_id,
                decoded->code, n2, payload_.size());
      co_return false;
    }
  }
  deadline_.cancel();

  reply r = co_await dispatch(session_, decoded->code, payload_);
  if (payload_.capacity() > k_retained_buffer) std::vector<uint8_t>().swap(payload_);

  if (r.status != bin::status::ok) r.payload.clear();
  const auto out_header = bin::encode_response_header(r.status, static_cast<uint32_t>(r.payload.size()));
  const std::array<asio::const_buffer, 2> frame = {asio::buffer(out_header), asio::buffer(r.payload)};
  auto [ec3, n3] = co_await asio::async_write(socket_, frame, k_token);
  co_return !ec3;
}

}  // namespace whippet::server
