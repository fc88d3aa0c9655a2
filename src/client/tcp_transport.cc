#include "client/tcp_transport.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "protocol/binary/frame.h"

namespace whippet::client {
namespace bin = protocol::binary;
using clock = std::chrono::steady_clock;
namespace {

// Largest reply payload accepted; a larger length means a broken stream.
constexpr uint32_t k_max_reply_payload = 1u << 30;

int remaining_ms(clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(left);
}

bool split_host_port(const std::string& address, std::string& host, std::string& port) {
  if (!address.empty() && address.front() == '[') {
    const auto close = address.find(']');
    if (close == std::string::npos || close + 1 >= address.size() || address[close + 1] != ':') return false;
    host = address.substr(1, close - 1);
    port = address.substr(close + 2);
  } else {
    const auto colon = address.rfind(':');
    if (colon == std::string::npos) return false;
    host = address.substr(0, colon);
    port = address.substr(colon + 1);
  }
  return !host.empty() && !port.empty();
}

// Connects one socket with a deadline (non-blocking connect + poll).
int connect_one(const addrinfo* ai, clock::time_point deadline, int& err) {
  const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
  if (fd < 0) {
    err = errno;
    return -1;
  }
  if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      err = errno;
      ::close(fd);
      return -1;
    }
    pollfd p{fd, POLLOUT, 0};
    const int r = ::poll(&p, 1, remaining_ms(deadline));
    if (r <= 0) {
      err = r == 0 ? ETIMEDOUT : errno;
      ::close(fd);
      return -1;
    }
    socklen_t len = sizeof(err);
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      ::close(fd);
      return -1;
    }
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

}  // namespace

tcp_transport::~tcp_transport() { close(); }

tcp_transport::tcp_transport(tcp_transport&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

tcp_transport& tcp_transport::operator=(tcp_transport&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

void tcp_transport::close() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

result<void, error> tcp_transport::connect(const std::string& address, std::chrono::milliseconds timeout) {
  close();
  std::string host, port;
  if (!split_host_port(address, host, port))
    return fail(error{errc::invalid_address, 0, "invalid address '" + address + "' (expected host:port)"});
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &list); rc != 0)
    return fail(error{errc::invalid_address, 0, "cannot resolve '" + address + "': " + gai_strerror(rc)});
  const auto deadline = clock::now() + timeout;
  int err = 0;
  for (const addrinfo* ai = list; ai != nullptr && fd_ < 0; ai = ai->ai_next) fd_ = connect_one(ai, deadline, err);
  ::freeaddrinfo(list);
  if (fd_ < 0) {
    const errc code = err == ETIMEDOUT ? errc::timed_out : errc::connect_failed;
    return fail(error{code, 0, "cannot connect to " + address + ": " + std::strerror(err)});
  }
  return {};
}

result<void, error> tcp_transport::send_all(std::span<const uint8_t> bytes, clock::time_point deadline) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      const int r = ::poll(&p, 1, remaining_ms(deadline));
      if (r == 0) return fail(error{errc::timed_out, 0, "timed out sending the request"});
      if (r < 0 && errno != EINTR) return fail(error{errc::disconnected, 0, std::strerror(errno)});
      continue;
    }
    return fail(error{errc::disconnected, 0, std::string("connection lost while sending: ") + std::strerror(errno)});
  }
  return {};
}

result<void, error> tcp_transport::recv_all(std::span<uint8_t> bytes, clock::time_point deadline) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::recv(fd_, bytes.data() + done, bytes.size() - done, 0);
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n == 0) return fail(error{errc::disconnected, 0, "the server closed the connection"});
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      pollfd p{fd_, POLLIN, 0};
      const int r = ::poll(&p, 1, remaining_ms(deadline));
      if (r == 0) return fail(error{errc::timed_out, 0, "timed out waiting for the reply"});
      if (r < 0 && errno != EINTR) return fail(error{errc::disconnected, 0, std::strerror(errno)});
      continue;
    }
    return fail(error{errc::disconnected, 0, std::string("connection lost while receiving: ") + std::strerror(errno)});
  }
  return {};
}

result<raw_reply, error> tcp_transport::request(uint32_t code, std::span<const uint8_t> payload,
                                                std::chrono::milliseconds timeout) {
  if (fd_ < 0) return fail(error{errc::disconnected, 0, "not connected"});
  const auto deadline = clock::now() + timeout;
  const auto header = bin::encode_request_header(code, static_cast<uint32_t>(payload.size()));
  auto fail_and_close = [this](error e) {
    close();  // the stream's position is unknown now; never reuse it
    return result<raw_reply, error>(fail(std::move(e)));
  };
  if (auto r = send_all(header, deadline); !r) return fail_and_close(r.error());
  if (auto r = send_all(payload, deadline); !r) return fail_and_close(r.error());

  std::array<uint8_t, bin::response_header_size> reply_header{};
  if (auto r = recv_all(reply_header, deadline); !r) return fail_and_close(r.error());
  const auto h = bin::decode_response_header(reply_header);
  if (h.length > k_max_reply_payload)
    return fail_and_close(error{errc::protocol_error, 0, "reply length " + std::to_string(h.length) + " is too large"});
  raw_reply out;
  out.status = h.status;
  out.payload.resize(h.length);
  if (auto r = recv_all(out.payload, deadline); !r) return fail_and_close(r.error());
  return out;
}

}  // namespace whippet::client
