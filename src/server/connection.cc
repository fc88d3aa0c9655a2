#include "server/connection.h"

#include <sys/sendfile.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/container/small_vector.hpp>
#include <cerrno>
#include <cstring>

#include "base/log.h"
#include "bytes/endian.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/frame.h"
#include "runtime/shard_pool.h"
#include "server/broker.h"
#include "server/dispatcher.h"
#include "server/commands/groups.h"
#include "server/handlers/handlers.h"
#include "storage/page_cache.h"
#include "storage/segment.h"

namespace whippet::server {
namespace asio = boost::asio;
namespace bin = protocol::binary;
namespace {
constexpr auto k_token = asio::as_tuple(asio::use_awaitable);
// A logged-in connection keeps its payload buffer between requests up to this
// size; a larger one, and any buffer before login, is released after its
// request so that idle connections stay small.
constexpr size_t k_retained_buffer = 64 * 1024;

// Lines a client can cause at will: at most 20 a second for all of them.
log::rate_limiter g_client_lines(20, 1000);


bool is_disconnect(int err) { return err == EPIPE || err == ECONNRESET || err == ENOTCONN || err == ESHUTDOWN; }
}  // namespace

void connection_registry::close_all() {
  // close() only cancels I/O; the coroutines remove themselves later.
  for (connection* c : live_) c->close();
}

connection::connection(asio::ip::tcp::socket socket, session s, connection_slot slot, const config::tcp_config& cfg,
                       connection_registry& registry, broker& b, bool resumed)
    : socket_(std::move(socket)), deadline_timer_(socket_.get_executor()), budget_wait_(socket_.get_executor()),
      session_(std::move(s)), slot_(std::move(slot)), cfg_(cfg), registry_(registry), broker_(b), resumed_(resumed) {
  registry_.add(this);
}

connection::~connection() { registry_.remove(this); }

std::string connection_registry::describe() const {
  constexpr size_t k_listed = 20;  // a line, not a dump, however many are open
  std::string out;
  size_t listed = 0;
  for (const connection* c : live_) {
    if (listed++ == k_listed) break;
    out += (out.empty() ? "" : "; ") + c->describe();
  }
  if (live_.size() > k_listed) out += fmt::format("; and {} more", live_.size() - k_listed);
  return out;
}

std::string connection::describe() const {
  std::string out = fmt::format("client {} ({}), {}, {}", session_.client_id, session_.peer_address,
                                closed_ ? "closed" : "open", phase_);
  if (command_ != 0) out += fmt::format(" (last command {})", command_);
  return out;
}

void connection::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  deadline_timer_.cancel();
  budget_wait_.cancel();
  // Cancelled and shut down, not closed: every operation on the socket ends
  // now, and run() closes the descriptor once none is pending on it (closed
  // under a pending operation, the number could be reused by another file
  // before that operation is retried).
  socket_.cancel(ignored);
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
}

asio::awaitable<std::optional<connection_handoff>> connection::run(std::shared_ptr<connection> self) {
  auto& s = self->session_;
  if (self->resumed_) {
    self->broker_.sessions().set_shard(s.client_id, s.shard);
  } else {
    log::debug("client {} connected from {}", s.client_id, s.peer_address);
    self->broker_.sessions().add({s.client_id, std::nullopt, s.peer_address, 1, s.shard});
    self->login_deadline_ = clock::now() + self->cfg_.login_timeout;
  }
  while (!self->closed_) {
    const bool keep_going = co_await self->serve_one();
    if (!keep_going || self->closed_) break;
    if (self->move_to_) {
      if (auto handoff = self->hand_off()) co_return handoff;
    }
  }
  self->phase_ = "ending";
  self->close();
  {
    boost::system::error_code ignored;
    self->socket_.close(ignored);  // nothing of this connection's is in the kernel any more
  }
  self->broker_.sessions().remove(s.client_id);
  // A member that vanished must not keep its partitions.
  if (!s.joined_groups.empty()) co_await commands::leave_all_groups(self->broker_, s.client_id);
  log::debug("client {} disconnected", s.client_id);
  co_return std::nullopt;
}

void connection::note_data_shard(std::optional<unsigned> data_shard) {
  if (!data_shard || !cfg_.socket_migration) return;
  if (*data_shard == session_.shard) {
    streak_ = 0;
    return;
  }
  if (*data_shard != streak_shard_) {
    streak_shard_ = *data_shard;
    streak_ = 0;
  }
  if (++streak_ >= k_migrate_after) move_to_ = streak_shard_;
}

// Between two requests nothing is pending on the socket; the deadline timer
// is stopped (its handler, if it runs, finds a stale generation), and the
// descriptor leaves this shard's reactor. Should the socket not give up its
// descriptor, the connection stays here.
std::optional<connection_handoff> connection::hand_off() {
  const unsigned to = *std::exchange(move_to_, std::nullopt);
  streak_ = 0;
  boost::system::error_code ec;
  const auto local = socket_.local_endpoint(ec);
  if (ec) return std::nullopt;
  ++timer_generation_;
  timer_at_ = clock::time_point::max();
  deadline_timer_.cancel();
  const int fd = socket_.release(ec);
  if (ec) {
    log::limited(g_client_lines, log::level::warn, "client {}: cannot move to shard {}: {}", session_.client_id, to,
                 ec.message());
    return std::nullopt;
  }
  log::debug("client {} moves from shard {} to shard {}", session_.client_id, session_.shard, to);
  registry_.remove(this);
  session_.shard = to;
  return connection_handoff{fd, local.protocol(), std::move(session_), std::move(slot_)};
}

const char* connection::deadline_name(deadline_kind kind) {
  switch (kind) {
    case deadline_kind::login: return "did not log in in time";
    case deadline_kind::idle: return "idle for too long";
    case deadline_kind::request: return "request not completed in time";
    case deadline_kind::reply: return "reply not taken in time";
    case deadline_kind::none: break;
  }
  return "deadline passed";
}

// Deadlines: one timer per connection, re-armed only when a deadline comes
// earlier than the one it waits for. A firing that is stale (its generation
// was superseded) or early (the deadline moved later) changes nothing, so a
// timer that fired just before the request completed cannot close the
// connection during the next one.
void connection::set_deadline(deadline_kind kind, clock::time_point at) {
  if (!session_.user_id && login_deadline_ < at) {
    at = login_deadline_;
    kind = deadline_kind::login;
  }
  deadline_ = at;
  deadline_kind_ = kind;
  if (at < timer_at_) arm_timer(at);
}

void connection::set_phase_deadline(deadline_kind kind, std::optional<std::chrono::milliseconds> within) {
  set_deadline(kind, within ? clock::now() + *within : clock::time_point::max());
}

void connection::arm_timer(clock::time_point at) {
  if (closed_) return;
  timer_at_ = at;
  const uint64_t generation = ++timer_generation_;
  deadline_timer_.expires_at(at);
  deadline_timer_.async_wait([weak = weak_from_this(), generation](boost::system::error_code) {
    if (auto self = weak.lock()) self->on_timer(generation);
  });
}

void connection::on_timer(uint64_t generation) {
  if (closed_ || generation != timer_generation_) return;
  timer_at_ = clock::time_point::max();
  if (deadline_ == clock::time_point::max()) return;
  if (clock::now() < deadline_) {
    arm_timer(deadline_);
    return;
  }
  log::limited(g_client_lines, log::level::info, "client {} ({}): {}, closing", session_.client_id,
               session_.peer_address, deadline_name(deadline_kind_));
  close();
}

asio::awaitable<bool> connection::send_error(uint32_t code) {
  set_phase_deadline(deadline_kind::reply, cfg_.reply_timeout);
  const auto frame = bin::encode_error_response(static_cast<bin::status>(code));
  co_await asio::async_write(socket_, asio::buffer(frame), k_token);
  co_return false;
}

// Reads one request and answers it. Returns false when the connection must end.
asio::awaitable<bool> connection::serve_one() {
  std::array<uint8_t, bin::request_header_size> header{};
  set_phase_deadline(deadline_kind::idle, cfg_.idle_timeout);
  phase_ = "waiting for a request";
  auto [ec0, n0] = co_await asio::async_read(socket_, asio::buffer(header.data(), 1), k_token);
  if (ec0) co_return false;
  // Once the first byte of a request has arrived, the rest of it must follow in time.
  set_phase_deadline(deadline_kind::request, cfg_.request_timeout);
  phase_ = "reading a request";
  auto [ec1, n1] = co_await asio::async_read(socket_, asio::buffer(header.data() + 1, header.size() - 1), k_token);
  if (ec1) {
    if (ec1 == asio::error::eof)
      log::limited(g_client_lines, log::level::info, "client {}: truncated request header, closing",
                   session_.client_id);
    co_return false;
  }

  // Before login only small frames; after it, send_messages may be large and
  // every other request is held to the control limit.
  const bool logged_in = session_.user_id.has_value();
  auto decoded = bin::decode_request_header(header, UINT32_MAX - bin::request_header_size);
  if (decoded) {
    const bool is_send = decoded->code == static_cast<uint32_t>(bin::command_code::send_messages);
    const uint32_t limit = !logged_in ? std::min(cfg_.max_control_frame_size, cfg_.max_login_frame_size)
                           : is_send  ? std::max(cfg_.max_control_frame_size, cfg_.max_send_messages_frame_size)
                                      : cfg_.max_control_frame_size;
    if (decoded->payload_size() > limit) {
      if (!logged_in) {
        log::limited(g_client_lines, log::level::info,
                     "client {} ({}): {}-byte request before login (limit {}), closing", session_.client_id,
                     session_.peer_address, decoded->payload_size(), limit);
        co_return co_await send_error(static_cast<uint32_t>(bin::status::unauthenticated));
      }
      decoded = fail(bin::frame_errc::payload_too_large);
    }
  }
  if (!decoded) {
    log::limited(g_client_lines, log::level::warn, "client {}: {} (length field {}), closing", session_.client_id,
                 bin::to_string(decoded.error()), bytes::load_le<uint32_t>(header.data()));
    co_return co_await send_error(static_cast<uint32_t>(bin::status::invalid_command));
  }

  // Memory first, then the body: a request waits here while its shard's budget is spent.
  // Small bodies (no larger than what is allowed before login) skip the
  // budget: they are bounded by the connection limits, and pings, logins and
  // admin requests must get through while large sends wait.
  request_units units;
  const size_t size = decoded->payload_size();
  if (size > 0) {
    if (size > cfg_.max_login_frame_size) {
      set_deadline(deadline_kind::none, clock::time_point::max());
      phase_ = "waiting for request memory";
      units = co_await registry_.budget().reserve(size, budget_wait_);
      if (!units || closed_) co_return false;
      set_phase_deadline(deadline_kind::request, cfg_.request_timeout);
      phase_ = "reading a request";
    }
    if (!co_await read_payload(size)) co_return false;
  } else {
    payload_.clear();
  }
  set_deadline(deadline_kind::none, clock::time_point::max());

  command_context ctx{broker_, session_, broker_.snapshot(), session_.shard};
  const std::span<uint8_t> body(payload_.data(), payload_.size());
  phase_ = "running a command";
  command_ = decoded->code;
  reply r = co_await dispatch(ctx, decoded->code, body);
  phase_ = "replying";
  if (runtime::shard_pool::current_shard() != static_cast<int>(session_.shard))
    log::limited(g_client_lines, log::level::error, "client {}: command {} ended on shard {}, not on its connection's shard {}",
                 session_.client_id, decoded->code, runtime::shard_pool::current_shard(), session_.shard);
  // Logged out (or the user was deleted or deactivated): the login deadline runs again.
  if (logged_in && !session_.user_id) login_deadline_ = clock::now() + cfg_.login_timeout;
  if (!session_.user_id || payload_.capacity() > k_retained_buffer) payload_.release();
  units.release();
  if (closed_) co_return false;
  const bool ok = r.status == bin::status::ok;
  if (!co_await send_reply(r)) co_return false;
  if (ok) note_data_shard(ctx.data_shard);
  co_return true;
}

void body_buffer::resize(size_t n) {
  if (n > capacity_) {
    auto fresh = std::make_unique_for_overwrite<uint8_t[]>(n);
    if (size_ > 0) std::memcpy(fresh.get(), data_.get(), size_);
    data_ = std::move(fresh);
    capacity_ = n;
  }
  size_ = n;
}

// Reads a body of `size` bytes into payload_. The buffer takes the whole
// size at once (a large body was admitted against the shard's request
// budget before this read; a small one is bounded by the connection
// limits), so the bytes are copied once, by the socket read. A fresh
// allocation's pages become resident only as the bytes arrive.
asio::awaitable<bool> connection::read_payload(size_t size) {
  payload_.clear();
  payload_.resize(size);
  size_t filled = 0;
  while (filled < size) {
    auto [ec, n] =
        co_await socket_.async_read_some(asio::buffer(payload_.data() + filled, size - filled), k_token);
    filled += n;
    if (ec) {
      log::limited(g_client_lines, log::level::info, "client {}: truncated request ({} of {} payload bytes), closing",
                   session_.client_id, filled, size);
      co_return false;
    }
  }
  co_return true;
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
  set_phase_deadline(deadline_kind::reply, cfg_.reply_timeout);
  const auto out_header = bin::encode_response_header(r.status, static_cast<uint32_t>(length));
  // The header, the payload and the message bytes held in memory (a direct
  // partition's tail cache) that follow them go out in one gathering write;
  // file ranges go by send_file_range, and memory after them in one more.
  boost::container::small_vector<asio::const_buffer, 8> out = {asio::buffer(out_header), asio::buffer(r.payload)};
  for (size_t i = 0;;) {
    for (; i < r.files.size() && r.files[i].memory != nullptr; ++i)
      out.push_back(asio::buffer(r.files[i].memory, r.files[i].length));
    if (!out.empty()) {
      auto [ec, n] = co_await asio::async_write(socket_, out, k_token);
      if (ec) co_return false;
      out.clear();
    }
    if (i == r.files.size()) break;
    if (!co_await send_file_range(r.files[i++])) co_return false;
  }
  co_return true;
}

// Message bytes go from the segment file to the socket with sendfile(2):
// from the page cache to the socket buffer, never through user space. But a
// sendfile of pages that are not cached waits for the disk on the shard's
// thread, so each chunk (4 MiB) is checked first (cachestat): a cold one is
// read 256 KiB at a time through the shard's ring into the connection's
// buffer and written from there (one copy, and the shard serves others while
// the disk works).
// SIGPIPE is ignored process-wide (sendfile has no MSG_NOSIGNAL), so a peer
// that has gone away is an EPIPE here, never a signal.
asio::awaitable<bool> connection::send_file_range(const storage::file_range& range) {
  constexpr uint64_t k_warm_chunk = 4 << 20;  // checked at once, sent by one sendfile
  constexpr uint64_t k_cold_chunk = 256 << 10;  // read through the ring at once
  boost::system::error_code ec;
  socket_.native_non_blocking(true, ec);
  off_t offset = static_cast<off_t>(range.position);
  uint64_t left = range.length;
  std::vector<uint8_t> cold;  // only while a cold chunk is on its way
  while (left > 0) {
    if (closed_) co_return false;
    uint64_t chunk = std::min(left, k_warm_chunk);
    if (storage::cached(range.fd, static_cast<uint64_t>(offset), chunk) != true) {
      chunk = std::min(chunk, k_cold_chunk);
      cold.resize(chunk);
      auto got = co_await storage::async_read_fully(*range.owner, cold.data(), chunk, static_cast<uint64_t>(offset));
      if (!got || *got != chunk) {
        log::limited(g_client_lines, log::level::warn, "client {}: cannot read segment data: {}", session_.client_id,
                     got ? "file shorter than expected" : std::strerror(got.error()));
        co_return false;
      }
      storage::count_cold_read(chunk);
      auto [wec, written] = co_await asio::async_write(socket_, asio::buffer(cold.data(), chunk), k_token);
      if (wec) co_return false;
      offset += static_cast<off_t>(chunk);
      left -= chunk;
      continue;
    }
    cold = {};
    const ssize_t n = ::sendfile(socket_.native_handle(), range.fd, &offset, static_cast<size_t>(chunk));
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
    if (n < 0 && is_disconnect(errno)) {
      log::debug("client {}: went away during a reply", session_.client_id);
    } else {
      log::limited(g_client_lines, log::level::warn, "client {}: sendfile failed: {}", session_.client_id,
                   n == 0 ? "file shorter than expected" : std::strerror(errno));
    }
    co_return false;
  }
  co_return true;
}

}  // namespace whippet::server
