// Bad input never hurts the server: truncated sends leave nothing behind,
// failed logins are slowed down, idle connections cost little memory.

#include <fstream>
#include <thread>

#include "api.h"
#include "protocol/binary/frame.h"
#include "support/raw_socket.h"
#include "support/server_process.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace std::chrono_literals;

namespace {

uint64_t rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      uint64_t kib = 0;
      in >> kib;
      return kib;
    }
    std::string rest;
    std::getline(in, rest);
  }
  return 0;
}

std::vector<uint8_t> login_frame() {
  const auto payload = bin::encode(bin::login_user_request{"iggy", "iggy", "", ""});
  return bin::encode_request(static_cast<uint32_t>(bin::command_code::login_user), payload);
}

}  // namespace

TEST(robustness, send_cut_off_mid_request_stores_nothing) {
  server_process server;
  api c(server.address());
  ASSERT_EQ(c.login(), 0u);
  const uint32_t s = c.create_stream("s");
  const uint32_t t = c.create_topic(s, "t", 1);
  {
    raw_socket raw(server.address());
    ASSERT_TRUE(raw.send(login_frame()));
    ASSERT_TRUE(raw.recv_exact(12).has_value());  // OK + user id
    batch_builder b;
    for (int i = 0; i < 50; ++i) b.add(std::string(1000, 'x'));
    const auto payload = bin::encode_send_messages(bin::identifier::numeric(s), bin::identifier::numeric(t),
                                                   bin::partitioning::to_partition(0), b.bytes(), b.count());
    const auto frame = bin::encode_request(static_cast<uint32_t>(bin::command_code::send_messages), payload);
    ASSERT_TRUE(raw.send(std::span(frame.data(), frame.size() / 2)));
  }  // the client vanishes mid-request
  std::this_thread::sleep_for(200ms);
  auto r = c.poll(consumer_id(1), s, t, 0, bin::polling_strategy::first(), 100);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->offsets.empty());
  EXPECT_EQ(c.send(s, t, bin::partitioning::to_partition(0), {"after"}), 0u);
}

TEST(robustness, malformed_payloads_get_an_error_and_the_connection_survives) {
  server_process server;
  api c(server.address());
  ASSERT_EQ(c.login(), 0u);
  const std::vector<uint8_t> junk{0xff, 0x01};
  for (auto code : {bin::command_code::create_stream, bin::command_code::create_topic, bin::command_code::poll_messages,
                    bin::command_code::send_messages, bin::command_code::create_user, bin::command_code::get_stream}) {
    auto r = c.raw(code, junk);
    ASSERT_FALSE(r.ok()) << static_cast<uint32_t>(code);
    // InvalidCommand when the junk is too short for the fields it starts.
    EXPECT_TRUE(r.error().status == static_cast<uint32_t>(bin::status::invalid_format) ||
                r.error().status == static_cast<uint32_t>(bin::status::invalid_identifier) ||
                r.error().status == static_cast<uint32_t>(bin::status::invalid_command))
        << static_cast<uint32_t>(code) << " -> " << r.error().status;
  }
  EXPECT_TRUE(c.raw_client().ping().ok());
}

TEST(robustness, repeated_failed_logins_are_slowed_down) {
  server_process server;
  api c(server.address());
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(c.login("iggy", "wrong"), static_cast<uint32_t>(bin::status::invalid_credentials));
  // 100 + 200 + 400 + 800 ms of penalty, on this connection only.
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1500ms);
  api other(server.address());
  const auto quick = std::chrono::steady_clock::now();
  EXPECT_EQ(other.login(), 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - quick, 1000ms);
}

TEST(robustness, hundreds_of_idle_connections_cost_little) {
  server_process server;
  ASSERT_FALSE(server.address().empty());
  ASSERT_TRUE(client::client::connect(server.address())->ping().ok());
  std::this_thread::sleep_for(200ms);
  const uint64_t before = rss_kib(server.process().pid());
  std::vector<std::unique_ptr<raw_socket>> idle;
  for (int i = 0; i < 500; ++i) {
    idle.push_back(std::make_unique<raw_socket>(server.address()));
    ASSERT_TRUE(idle.back()->connected());
  }
  // Each one has been served once, so its coroutine and buffers exist.
  const std::vector<uint8_t> ping{4, 0, 0, 0, 1, 0, 0, 0};
  for (auto& s : idle) ASSERT_TRUE(s->send(ping));
  for (auto& s : idle) ASSERT_TRUE(s->recv_exact(8).has_value());
  const uint64_t after = rss_kib(server.process().pid());
  const double per_connection_kib = static_cast<double>(after - std::min(after, before)) / idle.size();
  std::printf("idle connections: %.1f KiB each (RSS %llu -> %llu KiB)\n", per_connection_kib,
              static_cast<unsigned long long>(before), static_cast<unsigned long long>(after));
  EXPECT_LT(per_connection_kib, 64.0);  // ASan's shadow memory included
}
