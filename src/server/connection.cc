#include "server/connection.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "base/log.h"
#include "bytes/endian.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/frame.h"
#include "server/broker.h"
#include "server/dispatcher.h"
#include "server/handlers/handlers.h"

#include <sys/sendfile.h>
#include <boost/asio/socket_base.hpp>

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
                       connection_registry& registry, broker& b)
    : socket_(std::move(socket)), deadline_(socket_.get_executor()), session_(std::move(s)), cfg_(cfg),
      registry_(registry), broker_(b) {
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
  auto& s = self->session_;
  log::debug("client {} connected from {}", s.client_id, s.peer_address);
  self->broker_.register_client({s.client_id, std::nullopt, s.peer_address, 1, s.shard});
  for (;;) {
    const bool keep_going = co_await self->serve_one();
    if (!keep_going) break;
  }
  self->close();
  self->broker_.unregister_client(s.client_id);
  // A member that vanished must not keep its partitions.
  if (!s.joined_groups.empty()) co_await handlers::leave_all_groups(self->broker_, s.client_id);
  log::debug("client {} disconnected", s.client_id);
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

  // send_messages may be large; every other request is held to the control limit.
  auto decoded = bin::decode_request_header(header, std::max(cfg_.max_control_frame_size, cfg_.max_send_messages_frame_size));
  if (decoded && decoded->code != static_cast<uint32_t>(bin::command_code::send_messages) &&
      decoded->payload_size() > cfg_.max_control_frame_size)
    decoded = fail(bin::frame_errc::payload_too_large);
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

  command_context ctx{broker_, session_, broker_.snapshot(), session_.shard};
  reply r = co_await dispatch(ctx, decoded->code, payload_);
  if (payload_.capacity() > k_retained_buffer) std::vector<uint8_t>().swap(payload_);
  co_return co_await send_reply(r);
}

asio::awaitable<bool> connection::send_reply(reply& r) {
  if (r.status != bin::status::ok) {
    r.payload.clear();
    r.files.clear();
  }
  uint64_t length = r.payload.size();
  for (const auto& f : r.files) length += f.length;
  if (length > UINT32_MAX) {
    log::error("client {}: reply of {} bytes does not fit a frame", session_.client_id, length);
    co_return false;
  }
  const auto out_header = bin::encode_response_header(r.status, static_cast<uint32_t>(length));
  const std::array<asio::const_buffer, 2> frame = {asio::buffer(out_header), asio::buffer(r.payload)};
  auto [ec, n] = co_await asio::async_write(socket_, frame, k_token);
  if (ec) co_return false;
  for (const auto& range : r.files) {
    if (!co_await send_file_range(range)) co_return false;
  }
  co_return true;
}

// Message bytes go from the segment file to the socket with sendfile(2):
// from the page cache to the socket buffer, never through user space.
asio::awaitable<bool> connection::send_file_range(const storage::file_range& range) {
  boost::system::error_code ec;
  socket_.native_non_blocking(true, ec);
  off_t offset = static_cast<off_t>(range.position);
  uint64_t left = range.length;
  while (left > 0) {
    const ssize_t n = ::sendfile(socket_.native_handle(), range.fd, &offset, static_cast<size_t>(std::min<uint64_t>(left, 1u << 30)));
    if (n > 0) {
      left -= static_cast<uint64_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      auto [wec] = co_await socket_.async_wait(asio::socket_base::wait_write, k_token);
      if (wec) co_return false;
      continue;
    }
    log::warn("client {}: sendfile failed: {}", session_.client_id, n == 0 ? "file shorter than expected" : std::strerror(errno));
    co_return false;
  }
  co_return true;
}

}  // namespace whippet::server
