// End to end: spawn the whippet-server binary on a free port with a temporary
// data directory, talk to it with the CLI and with raw sockets, and stop it
// by its PID.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "support/child_process.h"
#include "support/raw_socket.h"
#include "support/temp_dir.h"

using namespace whippet::testkit;
using namespace std::chrono_literals;
using bytes = std::vector<uint8_t>;

namespace {

const bytes k_ping{0x04, 0, 0, 0, 0x01, 0, 0, 0};
const bytes k_ok_empty{0, 0, 0, 0, 0, 0, 0, 0};
const bytes k_invalid_command{0x03, 0, 0, 0, 0, 0, 0, 0};

// A server in its own temporary data directory, listening on a free port.
class running_server {
 public:
  explicit running_server(std::map<std::string, std::string> extra_env = {}, std::vector<std::string> args = {}) {
    std::map<std::string, std::string> env = {
        {"WHIPPET_SYSTEM_PATH", (dir_.path() / "data").string()},
        {"WHIPPET_TCP_ADDRESS", "127.0.0.1:0"},
        {"WHIPPET_SYSTEM_SHARDING_CPU_ALLOCATION", "2"},
    };
    for (auto& [k, v] : extra_env) env[k] = v;
    process_ = std::make_unique<child_process>(WHIPPET_SERVER_BIN, process_options{args, env, {}},
                                               dir_.path() / "server.log");
    auto line = process_->wait_for_output("listening on TCP ", 20s);
    if (line) address_ = *line;
  }

  const std::string& address() const { return address_; }
  child_process& process() { return *process_; }
  const temp_dir& dir() const { return dir_; }

 private:
  temp_dir dir_;
  std::unique_ptr<child_process> process_;
  std::string address_;
};

bool ping_ok(const std::string& address) {
  raw_socket s(address);
  if (!s.connected() || !s.send(k_ping)) return false;
  auto reply = s.recv_exact(8);
  return reply && *reply == k_ok_empty;
}

uint16_t unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

class server_e2e : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(server_.address().empty()) << server_.process().output(); }
  void TearDown() override {
    EXPECT_EQ(server_.process().stop(), 0) << server_.process().output();
    const auto log = server_.process().output();
    EXPECT_NE(log.find("received SIGTERM: shutting down"), std::string::npos) << log;
    EXPECT_NE(log.find("whippet-server stopped"), std::string::npos) << log;
  }
  running_server server_{{{"WHIPPET_TCP_REQUEST_TIMEOUT", "500 ms"}}};
};

}  // namespace

TEST_F(server_e2e, cli_ping_prints_round_trip_time) {
  auto r = run_command(WHIPPET_CLI_BIN, {{"--address", server_.address(), "ping", "--count", "3"}, {}, {}});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  size_t pongs = 0;
  for (size_t at = r.output.find("pong from " + server_.address() + ": time="); at != std::string::npos;
       at = r.output.find("pong from", at + 1))
    ++pongs;
  EXPECT_EQ(pongs, 3u) << r.output;
  EXPECT_NE(r.output.find(" ms"), std::string::npos);
}

TEST_F(server_e2e, raw_ping_gets_byte_exact_empty_ok) {
  raw_socket s(server_.address());
  ASSERT_TRUE(s.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(s.send(k_ping));
    EXPECT_EQ(s.recv_exact(8), k_ok_empty);
  }
}

TEST_F(server_e2e, pipelined_pings_are_answered_in_order) {
  raw_socket s(server_.address());
  bytes burst;
  for (int i = 0; i < 100; ++i) burst.insert(burst.end(), k_ping.begin(), k_ping.end());
  ASSERT_TRUE(s.send(burst));
  auto replies = s.recv_exact(8 * 100);
  ASSERT_TRUE(replies.has_value());
  for (size_t i = 0; i < replies->size(); ++i) ASSERT_EQ((*replies)[i], 0) << "at byte " << i;
}

TEST_F(server_e2e, unknown_command_gets_invalid_command_and_connection_stays_open) {
  raw_socket s(server_.address());
  // code 60000 with a 3-byte payload
  ASSERT_TRUE(s.send(bytes{0x07, 0, 0, 0, 0x60, 0xea, 0, 0, 1, 2, 3}));
  EXPECT_EQ(s.recv_exact(8), k_invalid_command);
  ASSERT_TRUE(s.send(k_ping));
  EXPECT_EQ(s.recv_exact(8), k_ok_empty);
}

TEST_F(server_e2e, commands_other_than_ping_need_a_login) {
  raw_socket s(server_.address());
  ASSERT_TRUE(s.send(bytes{0x04, 0, 0, 0, 0xc9, 0, 0, 0}));  // get_streams (201)
  EXPECT_EQ(s.recv_exact(8), (bytes{0x28, 0, 0, 0, 0, 0, 0, 0}));  // 40 Unauthenticated
  ASSERT_TRUE(s.send(k_ping));
  EXPECT_EQ(s.recv_exact(8), k_ok_empty);
}

TEST_F(server_e2e, vsr_only_command_codes_are_invalid_commands) {
  raw_socket s(server_.address());
  ASSERT_TRUE(s.send(bytes{0x04, 0, 0, 0, 0x28, 0, 0, 0}));  // 40: login_register, HEAD only
  EXPECT_EQ(s.recv_exact(8), k_invalid_command);
}

TEST_F(server_e2e, ping_with_payload_is_answered_like_any_ping) {
  // Iggy 0.8 never reads a ping's payload; the byte is trailing and ignored.
  raw_socket s(server_.address());
  ASSERT_TRUE(s.send(bytes{0x05, 0, 0, 0, 0x01, 0, 0, 0, 0xff}));
  EXPECT_EQ(s.recv_exact(8), k_ok_empty);
  ASSERT_TRUE(s.send(k_ping));
  EXPECT_EQ(s.recv_exact(8), k_ok_empty);
}

TEST_F(server_e2e, absurd_length_closes_only_that_connection) {
  raw_socket bystander(server_.address());
  ASSERT_TRUE(bystander.connected());

  raw_socket bad(server_.address());
  ASSERT_TRUE(bad.send(bytes{0xff, 0xff, 0xff, 0xff, 0x01, 0, 0, 0}));
  EXPECT_EQ(bad.recv_exact(8), k_invalid_command);
  EXPECT_TRUE(bad.wait_closed());

  ASSERT_TRUE(bystander.send(k_ping));
  EXPECT_EQ(bystander.recv_exact(8), k_ok_empty);
  EXPECT_TRUE(ping_ok(server_.address()));
}

TEST_F(server_e2e, length_smaller_than_code_closes_connection) {
  raw_socket bad(server_.address());
  ASSERT_TRUE(bad.send(bytes{0x02, 0, 0, 0, 0x01, 0, 0, 0}));
  EXPECT_EQ(bad.recv_exact(8), k_invalid_command);
  EXPECT_TRUE(bad.wait_closed());
  EXPECT_TRUE(ping_ok(server_.address()));
}

TEST_F(server_e2e, random_garbage_never_takes_the_server_down) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 20; ++round) {
    raw_socket s(server_.address());
    bytes junk(1 + rng() % 200);
    for (auto& b : junk) b = static_cast<uint8_t>(rng());
    s.send(junk);
    s.shutdown_write();
    // Whatever it answered, the server ends this connection and keeps serving.
    EXPECT_TRUE(s.wait_closed(3s)) << "round " << round;
  }
  EXPECT_TRUE(ping_ok(server_.address()));
}

TEST_F(server_e2e, truncated_frame_then_disconnect_leaves_server_healthy) {
  {
    raw_socket s(server_.address());
    bytes partial{0x68, 0, 0, 0, 0x01, 0, 0, 0};  // declares a 100-byte payload
    partial.resize(partial.size() + 10, 0xab);
    ASSERT_TRUE(s.send(partial));
  }  // closed mid-request
  EXPECT_TRUE(ping_ok(server_.address()));
  EXPECT_TRUE(server_.process().wait_for_output("truncated request", 5s).has_value()) << server_.process().output();
}

TEST_F(server_e2e, stalled_request_is_cut_off_after_request_timeout) {
  raw_socket s(server_.address());
  bytes partial{0x68, 0, 0, 0, 0x01, 0, 0, 0};
  partial.resize(partial.size() + 10, 0xab);
  ASSERT_TRUE(s.send(partial));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(s.wait_closed(10s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_TRUE(ping_ok(server_.address()));
}

TEST_F(server_e2e, half_header_then_stall_is_cut_off) {
  raw_socket s(server_.address());
  ASSERT_TRUE(s.send(bytes{0x04, 0, 0}));
  EXPECT_TRUE(s.wait_closed(10s));
}

TEST_F(server_e2e, many_concurrent_connections_are_served) {
  std::vector<std::unique_ptr<raw_socket>> sockets;
  for (int i = 0; i < 200; ++i) {
    sockets.push_back(std::make_unique<raw_socket>(server_.address()));
    ASSERT_TRUE(sockets.back()->connected());
  }
  for (auto& s : sockets) ASSERT_TRUE(s->send(k_ping));
  for (auto& s : sockets) ASSERT_EQ(s->recv_exact(8), k_ok_empty);
}

TEST(server_e2e_lifecycle, sigint_stops_cleanly) {
  running_server server;
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  raw_socket idle(server.address());  // an open connection must not hold up the stop
  ASSERT_TRUE(ping_ok(server.address()));
  ::kill(server.process().pid(), SIGINT);
  auto status = server.process().wait_exit(10s);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 0);
  EXPECT_NE(server.process().output().find("received SIGINT: shutting down"), std::string::npos);
  EXPECT_TRUE(idle.wait_closed(1s));
}

TEST(server_e2e_lifecycle, cli_fails_clearly_when_no_server_answers) {
  const std::string address = "127.0.0.1:" + std::to_string(unused_port());
  auto r = run_command(WHIPPET_CLI_BIN, {{"ping", "--address", address}, {}, {}});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("error: no server answered at " + address), std::string::npos) << r.output;
}

TEST(server_e2e_lifecycle, cli_rejects_malformed_address) {
  auto r = run_command(WHIPPET_CLI_BIN, {{"ping", "--address", "nonsense"}, {}, {}});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("invalid address"), std::string::npos) << r.output;
}

TEST(server_e2e_lifecycle, unknown_configuration_key_is_refused_at_start) {
  temp_dir dir;
  auto r = run_command(WHIPPET_SERVER_BIN, {{}, {{"WHIPPET_SYSTEM_PATH", (dir.path() / "d").string()},
                                                 {"WHIPPET_TCP_ADRESS", "127.0.0.1:0"}}, {}});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("unknown configuration variable WHIPPET_TCP_ADRESS"), std::string::npos) << r.output;
}

TEST(server_e2e_lifecycle, bad_configuration_value_is_refused_at_start) {
  temp_dir dir;
  auto r = run_command(WHIPPET_SERVER_BIN, {{}, {{"WHIPPET_SYSTEM_PATH", (dir.path() / "d").string()},
                                                 {"WHIPPET_TCP_ADDRESS", "127.0.0.1"}}, {}});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("tcp.address"), std::string::npos) << r.output;
}

TEST(server_e2e_lifecycle, config_file_sets_address) {
  temp_dir dir;
  const auto file = dir.path() / "whippet.toml";
  std::ofstream(file) << "[tcp]\naddress = \"127.0.0.1:0\"\n[system.logging]\nlevel = \"debug\"\n";
  running_server server({}, {"--config", file.string()});
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  EXPECT_TRUE(ping_ok(server.address()));
  // Only the file turned on debug logging.
  EXPECT_TRUE(server.process().wait_for_output("DEBUG", 5s).has_value()) << server.process().output();
}

TEST(server_e2e_lifecycle, a_second_server_on_the_same_data_directory_is_refused) {
  running_server first;
  ASSERT_FALSE(first.address().empty());
  auto r = run_command(WHIPPET_SERVER_BIN, {{}, {{"WHIPPET_SYSTEM_PATH", (first.dir().path() / "data").string()},
                                                 {"WHIPPET_TCP_ADDRESS", "127.0.0.1:0"}}, {}});
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("is in use by another whippet-server (PID " + std::to_string(first.process().pid()) + ")"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("listening on TCP"), std::string::npos) << r.output;
  // The first one is untouched: it still serves, and its state log still loads.
  EXPECT_TRUE(ping_ok(first.address()));
  EXPECT_TRUE(std::filesystem::exists(first.dir().path() / "data" / "state"));
}

TEST(server_e2e_lifecycle, address_in_use_is_a_clear_error) {
  running_server first;
  ASSERT_FALSE(first.address().empty());
  temp_dir dir;
  auto r = run_command(WHIPPET_SERVER_BIN, {{}, {{"WHIPPET_SYSTEM_PATH", (dir.path() / "d").string()},
                                                 {"WHIPPET_TCP_ADDRESS", first.address()}}, {}});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("cannot bind TCP " + first.address()), std::string::npos) << r.output;
  EXPECT_TRUE(ping_ok(first.address()));
}

TEST(server_e2e_lifecycle, a_generated_root_password_never_reaches_the_log) {
  temp_dir dir;
  const std::map<std::string, std::string> env = {{"WHIPPET_SYSTEM_PATH", (dir.path() / "data").string()},
                                                  {"WHIPPET_TCP_ADDRESS", "127.0.0.1:0"}};
  std::string address;
  {
    child_process p(WHIPPET_SERVER_BIN, {{}, env, {}}, dir.path() / "first.log");
    auto line = p.wait_for_output("listening on TCP ", 20s);
    ASSERT_TRUE(line.has_value()) << p.output();
    address = *line;
    EXPECT_NE(p.output().find("created root user 'iggy' with a generated password"), std::string::npos) << p.output();
    EXPECT_EQ(p.output().find("generated password '"), std::string::npos) << p.output();
    // With no terminal (as here, output to a file) it is in a file only its owner can read.
    const auto file = dir.path() / "data" / "root_password";
    if (std::filesystem::exists(file)) {
      EXPECT_EQ(std::filesystem::status(file).permissions() & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
                std::filesystem::perms::none);
      std::string password;
      std::ifstream(file) >> password;
      EXPECT_EQ(p.output().find(password), std::string::npos) << "the password is in the log";
      auto r = run_command(WHIPPET_CLI_BIN, {{"--address", address, "-u", "iggy", "-p", password, "stream", "list"}, {}, {}});
      EXPECT_EQ(r.exit_code, 0) << r.output;
    }
    EXPECT_EQ(p.stop(), 0);
  }
  {
    child_process p(WHIPPET_SERVER_BIN, {{}, env, {}}, dir.path() / "second.log");
    ASSERT_TRUE(p.wait_for_output("listening on TCP", 20s).has_value()) << p.output();
    EXPECT_EQ(p.output().find("generated password"), std::string::npos) << p.output();
    EXPECT_EQ(p.stop(), 0);
  }
  // The state log holds an Argon2id hash, never the password, and only its owner can read it.
  const auto stored = dir.path() / "data" / "state" / "log";
  std::ifstream in(stored, std::ios::binary);
  const std::string state((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(state.find("$argon2id$"), std::string::npos);
  EXPECT_EQ(std::filesystem::status(stored).permissions() & std::filesystem::perms::group_read,
            std::filesystem::perms::none);
}

TEST(server_e2e_lifecycle, root_credentials_from_environment) {
  running_server server(
      std::map<std::string, std::string>{{"WHIPPET_ROOT_USERNAME", "admin"}, {"WHIPPET_ROOT_PASSWORD", "s3cret-pass"}});
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  EXPECT_NE(server.process().output().find("created root user 'admin'"), std::string::npos);
  EXPECT_EQ(server.process().output().find("generated password"), std::string::npos);
}

TEST(server_e2e_lifecycle, root_username_without_password_is_refused) {
  temp_dir dir;
  auto r = run_command(WHIPPET_SERVER_BIN, {{}, {{"WHIPPET_SYSTEM_PATH", (dir.path() / "d").string()},
                                                 {"WHIPPET_TCP_ADDRESS", "127.0.0.1:0"},
                                                 {"WHIPPET_ROOT_USERNAME", "admin"}}, {}});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("must be set together"), std::string::npos) << r.output;
}
