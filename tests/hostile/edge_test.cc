// What a connection may cost is bounded, before and after login: frame size
// before login, the request memory budget, connection counts, the login,
// idle and reply deadlines, and the accept loop at the descriptor limit.

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <memory>

#include "hostile.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace whippet::testkit::hostile;
using namespace std::chrono_literals;

namespace {

constexpr uint32_t k_send_messages = static_cast<uint32_t>(bin::command_code::send_messages);
constexpr uint32_t k_get_streams = static_cast<uint32_t>(bin::command_code::get_streams);

// Under AddressSanitizer freed memory is held back (256 MiB by default) to
// catch use-after-free; the memory tests measure the server, not that.
const std::pair<const std::string, std::string> k_small_quarantine{"ASAN_OPTIONS", "quarantine_size_mb=4"};

// True if the peer closed (EOF or RST) within `limit`; fails fast on data.
bool closed_within(raw_socket& s, std::chrono::milliseconds limit) { return s.wait_closed(limit); }

// Writes as much of `data` as the socket takes without blocking.
size_t push_nonblocking(int fd, const uint8_t* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::send(fd, data + done, size - done, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

}  // namespace

TEST(edge, headers_claiming_huge_bodies_before_login_cost_nothing) {
  server_process server(env_map{k_small_quarantine});
  ASSERT_FALSE(server.address().empty());
  const uint64_t before = rss_kib(server.process().pid());
  std::vector<std::unique_ptr<raw_socket>> conns;
  // 200 headers that claim 100 MiB each, then 28 that claim 9 MiB control frames.
  for (int i = 0; i < 228; ++i) {
    auto c = std::make_unique<raw_socket>(server.address());
    ASSERT_TRUE(c->connected());
    ASSERT_TRUE(c->send(i < 200 ? header_claiming(k_send_messages, 100u << 20) : header_claiming(k_get_streams, 9u << 20)));
    conns.push_back(std::move(c));
  }
  // Each is refused as unauthenticated and closed; none was given memory.
  for (auto& c : conns) {
    auto reply = c->recv_exact(8, 10s);
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(bytes::load_le<uint32_t>(reply->data()), code(bin::status::unauthenticated));
    EXPECT_TRUE(closed_within(*c, 5s));
  }
  EXPECT_TRUE(ping_ok(server.address()));
  const uint64_t after = rss_kib(server.process().pid());
  EXPECT_LT(after, 256u * 1024) << "RSS " << after << " KiB (from " << before << ")";
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

TEST(edge, request_bodies_wait_for_the_memory_budget) {
  // 2 shards x 32 MiB; 100 logged-in clients each claim a 100 MiB send and push 4 MiB of it.
  server_process server(env_map{{"WHIPPET_TCP_REQUEST_MEMORY_BUDGET", "32 MiB"}, k_small_quarantine});
  ASSERT_FALSE(server.address().empty());
  std::vector<std::unique_ptr<raw_socket>> conns;
  for (int i = 0; i < 100; ++i) {
    auto c = std::make_unique<raw_socket>(server.address());
    ASSERT_TRUE(raw_login(*c));
    ASSERT_TRUE(c->send(header_claiming(k_send_messages, 100u << 20)));
    conns.push_back(std::move(c));
  }
  const std::vector<uint8_t> chunk(64 * 1024, 0x5a);
  std::vector<size_t> pushed(conns.size(), 0);
  const auto end = std::chrono::steady_clock::now() + 8s;
  bool progress = true;
  while (progress && std::chrono::steady_clock::now() < end) {
    progress = false;
    for (size_t i = 0; i < conns.size(); ++i) {
      if (pushed[i] >= (4u << 20)) continue;
      const size_t n = push_nonblocking(conns[i]->fd(), chunk.data(), chunk.size());
      pushed[i] += n;
      progress = progress || n > 0;
    }
    if (!progress) {
      std::this_thread::sleep_for(200ms);  // let the server drain what it may
      for (size_t i = 0; i < conns.size() && !progress; ++i)
        progress = pushed[i] < (4u << 20) && push_nonblocking(conns[i]->fd(), chunk.data(), chunk.size()) > 0;
    }
  }
  size_t total = 0;
  for (size_t n : pushed) total += n;
  const uint64_t rss = rss_kib(server.process().pid());
  // 400 MiB was offered; what the server holds is bounded by its budget.
  EXPECT_GT(total, 64u << 20) << "the clients could not even fill the budget";
  EXPECT_LT(rss, 256u * 1024) << "RSS " << rss << " KiB with " << (total >> 20) << " MiB offered";
  // Requests without a body need no budget: the server still answers.
  EXPECT_TRUE(ping_ok(server.address()));
  api c(server.address());
  EXPECT_EQ(c.login(), 0u);
  conns.clear();
  EXPECT_TRUE(ping_ok(server.address()));
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

TEST(edge, two_thousand_idle_connections_cost_a_few_kib_each) {
  server_process server(env_map{{"WHIPPET_TCP_MAX_CONNECTIONS_PER_IP", "5000"}});
  ASSERT_FALSE(server.address().empty());
  ASSERT_TRUE(ping_ok(server.address()));
  const uint64_t before = rss_kib(server.process().pid());
  std::vector<std::unique_ptr<raw_socket>> conns;
  for (int i = 0; i < 2000; ++i) {
    auto c = std::make_unique<raw_socket>(server.address());
    ASSERT_TRUE(c->connected()) << i;
    ASSERT_TRUE(c->send(k_ping));
    conns.push_back(std::move(c));
  }
  for (auto& c : conns) {
    auto reply = c->recv_exact(8, 10s);
    ASSERT_TRUE(reply && *reply == k_ok_empty);
  }
  const uint64_t after = rss_kib(server.process().pid());
  const double per_connection = after > before ? double(after - before) / 2000.0 : 0.0;
  EXPECT_LT(per_connection, 16.0) << before << " -> " << after << " KiB";
  RecordProperty("rss_kib_per_idle_connection", std::to_string(per_connection));
  EXPECT_TRUE(ping_ok(server.address()));
  conns.clear();
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

TEST(edge, a_one_byte_per_second_sender_is_closed_at_the_login_deadline) {
  server_process server(env_map{{"WHIPPET_TCP_LOGIN_TIMEOUT", "2 s"}});
  ASSERT_FALSE(server.address().empty());
  raw_socket c(server.address());
  ASSERT_TRUE(c.connected());
  const auto frame = login_frame();
  const auto start = std::chrono::steady_clock::now();
  bool closed = false;
  for (size_t i = 0; i < frame.size() && !closed; ++i) {
    if (!c.send(std::span(frame.data() + i, 1))) break;
    pollfd p{c.fd(), POLLIN, 0};
    closed = ::poll(&p, 1, 1000) > 0;  // the server closes: EOF is readable
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(closed || closed_within(c, 1s));
  EXPECT_LT(took, 5s) << "the login deadline did not cut the slow sender off";
  EXPECT_GE(took, 1500ms);
  EXPECT_TRUE(ping_ok(server.address()));
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

TEST(edge, idle_connections_are_closed_and_busy_ones_are_not) {
  server_process server(env_map{{"WHIPPET_TCP_IDLE_TIMEOUT", "1 s"}, {"WHIPPET_TCP_LOGIN_TIMEOUT", "30 s"}});
  ASSERT_FALSE(server.address().empty());
  raw_socket idle(server.address());
  raw_socket busy(server.address());
  ASSERT_TRUE(raw_login(idle));
  ASSERT_TRUE(raw_login(busy));
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 10; ++i) {
    std::this_thread::sleep_for(300ms);
    ASSERT_TRUE(busy.send(k_ping));
    ASSERT_TRUE(busy.recv_exact(8).has_value()) << "a busy connection was closed after " << i << " pings";
  }
  EXPECT_TRUE(closed_within(idle, 1s)) << "idle for 3 s with a 1 s idle timeout";
  EXPECT_GT(std::chrono::steady_clock::now() - start, 2500ms);
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

TEST(edge, a_reader_that_stops_reading_is_closed_and_releases_deleted_segments) {
  server_process server(env_map{{"WHIPPET_TCP_REPLY_TIMEOUT", "1 s"}});
  ASSERT_FALSE(server.address().empty());
  api c(server.address());
  ASSERT_EQ(c.login(), 0u);
  const uint32_t s = c.create_stream("s");
  const uint32_t t = c.create_topic(s, "t", 1);
  const std::string payload(1024, 'r');
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(c.send(s, t, bin::partitioning::to_partition(0), std::vector<std::string>(1000, payload)), 0u);

  raw_socket reader(server.address());
  ASSERT_TRUE(raw_login(reader));
  const auto poll = bin::encode_request(static_cast<uint32_t>(bin::command_code::poll_messages),
                                        bin::encode(bin::poll_messages_request{consumer_id(1), num(s), num(t), 0,
                                                                               bin::polling_strategy::first(), 20000,
                                                                               false}));
  ASSERT_TRUE(reader.send(poll));
  ASSERT_TRUE(reader.recv_exact(8, 10s).has_value());  // the reply began; now never read again
  ASSERT_EQ(c.status_of(bin::delete_topic_request{num(s), num(t)}), 0u);
  const pid_t pid = server.process().pid();
  EXPECT_TRUE(eventually([&] { return deleted_files_open(pid, "/streams/") == 0; }, 10s))
      << deleted_files_open(pid, "/streams/") << " deleted segment file(s) still open";
  EXPECT_TRUE(reader.wait_closed(5s));
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

TEST(edge, connections_over_the_limits_are_closed_at_once) {
  server_process server(env_map{{"WHIPPET_TCP_MAX_CONNECTIONS_PER_IP", "5"}});
  ASSERT_FALSE(server.address().empty());
  std::vector<std::unique_ptr<raw_socket>> conns;
  for (int i = 0; i < 5; ++i) {
    conns.push_back(std::make_unique<raw_socket>(server.address()));
    ASSERT_TRUE(conns.back()->send(k_ping));
    ASSERT_TRUE(conns.back()->recv_exact(8).has_value());
  }
  raw_socket sixth(server.address());
  EXPECT_TRUE(closed_within(sixth, 5s));
  conns.pop_back();
  EXPECT_TRUE(eventually([&] { return ping_ok(server.address()); }, 5s)) << "a freed slot is not reusable";
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

TEST(edge, total_connection_limit) {
  server_process server(env_map{{"WHIPPET_TCP_MAX_CONNECTIONS", "3"}});
  ASSERT_FALSE(server.address().empty());
  std::vector<std::unique_ptr<raw_socket>> conns;
  for (int i = 0; i < 3; ++i) {
    conns.push_back(std::make_unique<raw_socket>(server.address()));
    ASSERT_TRUE(conns.back()->send(k_ping));
    ASSERT_TRUE(conns.back()->recv_exact(8).has_value());
  }
  raw_socket fourth(server.address());
  EXPECT_TRUE(closed_within(fourth, 5s));
  conns.clear();
  EXPECT_TRUE(eventually([&] { return ping_ok(server.address()); }, 5s));
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

TEST(edge, the_accept_loop_backs_off_at_the_descriptor_limit) {
  server_process server({}, {}, {"/usr/bin/prlimit", "--nofile=96:96"});
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  const pid_t pid = server.process().pid();
  std::vector<std::unique_ptr<raw_socket>> conns;
  for (int i = 0; i < 150; ++i) conns.push_back(std::make_unique<raw_socket>(server.address()));
  std::this_thread::sleep_for(500ms);
  const size_t log_before = server.process().output().size();
  const uint64_t ticks_before = cpu_ticks(pid);
  std::this_thread::sleep_for(2s);
  const uint64_t ticks = cpu_ticks(pid) - ticks_before;
  const size_t logged = server.process().output().size() - log_before;
  const long hz = ::sysconf(_SC_CLK_TCK);
  EXPECT_LT(ticks, static_cast<uint64_t>(hz / 2)) << "the server spent " << ticks << " ticks in 2 s at EMFILE";
  EXPECT_LT(logged, 8u * 1024) << "the server wrote " << logged << " bytes of log in 2 s";
  EXPECT_TRUE(server.process().running());
  conns.clear();
  EXPECT_TRUE(eventually([&] { return ping_ok(server.address()); }, 10s)) << "accepting did not resume";
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}
