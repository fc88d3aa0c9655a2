// End to end: the `whippet` CLI against a whippet-server spawned on a free
// loopback port (root iggy/iggy). Every subcommand runs as a child process;
// each test has its own server and its own configuration folder
// (XDG_CONFIG_HOME), so sessions and contexts never touch the real home.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "cli/json.h"
#include "support/child_process.h"
#include "support/raw_socket.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

using namespace whippet::testkit;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

constexpr auto k_run_timeout = 20s;

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The compact form of a command's JSON output; fails the test if it is not valid JSON.
std::string json_of(const run_result& r) {
  auto compact = whippet::cli::compact_json(r.output);
  EXPECT_TRUE(compact.has_value()) << "not valid JSON:\n" << r.output;
  return compact.value_or("");
}

// The string value of the first "key":"..." in compact JSON.
std::string json_string(const std::string& json, const std::string& key) {
  const std::string open = "\"" + key + "\":\"";
  const auto at = json.find(open);
  if (at == std::string::npos) return "";
  const auto start = at + open.size();
  return json.substr(start, json.find('"', start) - start);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Table columns are aligned: `word` starts at the same position in the header and the row.
void expect_aligned(const std::string& table, const std::string& header_word, const std::string& row_word) {
  const auto lines = lines_of(table);
  ASSERT_FALSE(lines.empty()) << table;
  const auto header_at = lines[0].find(header_word);
  ASSERT_NE(header_at, std::string::npos) << table;
  bool found = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto at = lines[i].find(row_word);
    if (at == std::string::npos) continue;
    found = true;
    EXPECT_EQ(at, header_at) << "column " << header_word << " misaligned:\n" << table;
  }
  EXPECT_TRUE(found) << row_word << " not in\n" << table;
}

class cli_e2e : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(server_.address().empty()) << server_.process().output(); }

  std::map<std::string, std::string> env_with(const std::map<std::string, std::string>& extra) const {
    std::map<std::string, std::string> env = {
        {"XDG_CONFIG_HOME", config_.path().string()}, {"HOME", (config_.path() / "home").string()},
        {"WHIPPET_ADDRESS", server_.address()},       {"WHIPPET_USERNAME", ""},
        {"WHIPPET_PASSWORD", ""},                     {"WHIPPET_TOKEN", ""},
        {"WHIPPET_CONTEXT", ""},
    };
    for (const auto& [k, v] : extra) env[k] = v;
    return env;
  }

  run_result cli(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) {
    return run_command(WHIPPET_CLI_BIN, {std::move(args), env_with(env), {}}, k_run_timeout);
  }
  // As the root user.
  run_result root(std::vector<std::string> args) {
    args.insert(args.begin(), {"-u", "iggy", "-p", "iggy"});
    return cli(std::move(args));
  }
  // Through /bin/sh, with `input` on stdin and a redirection such as "2>/dev/null".
  run_result shell(std::vector<std::string> args, const std::string& redirect, const std::string& input = "",
                   const std::map<std::string, std::string>& env = {}) {
    const fs::path in = io_.path() / ("stdin-" + std::to_string(++inputs_));
    std::ofstream(in) << input;
    std::vector<std::string> sh = {"-c", "exec \"$0\" \"$@\" < \"$CLI_STDIN\" " + redirect, WHIPPET_CLI_BIN};
    sh.insert(sh.end(), args.begin(), args.end());
    auto e = env;
    e["CLI_STDIN"] = in.string();
    return run_command("/bin/sh", {sh, env_with(e), {}}, k_run_timeout);
  }
  // Root, stdout only.
  run_result root_stdout(std::vector<std::string> args) {
    args.insert(args.begin(), {"-u", "iggy", "-p", "iggy"});
    return shell(std::move(args), "2>/dev/null");
  }

  // A stream with one topic of `partitions` partitions.
  void make_topic(const std::string& stream, const std::string& topic, int partitions) {
    ASSERT_EQ(root({"stream", "create", stream}).exit_code, 0);
    auto r = root({"topic", "create", stream, topic, std::to_string(partitions)});
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }

  fs::path session_file() const { return config_.path() / "whippet" / "session"; }

  server_process server_;
  temp_dir config_;
  temp_dir io_;
  int inputs_ = 0;
};

// ---- usage ------------------------------------------------------------------

TEST_F(cli_e2e, help_works_at_every_level) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--help"}, {"stream", "--help"}, {"stream", "create", "--help"}, {"t", "--help"}, {"topic", "update", "--help"},
           {"partition", "--help"}, {"segment", "delete", "--help"}, {"user", "create", "--help"}, {"pat", "--help"},
           {"consumer-group", "list", "--help"}, {"consumer-offset", "set", "--help"}, {"message", "send", "--help"},
           {"m", "poll", "--help"}, {"message", "flush", "--help"}, {"stats", "--help"}, {"me", "--help"},
           {"client", "get", "--help"}, {"login", "--help"}, {"logout", "--help"}, {"context", "create", "--help"},
           {"ping", "--help"}}) {
    auto r = cli(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.output;
    EXPECT_TRUE(contains(r.output, "Usage:")) << r.output;
  }
  auto r = cli({"--help"});
  for (const char* sub : {"stream", "topic", "partition", "segment", "user", "pat", "consumer-group", "consumer-offset",
                          "message", "stats", "me", "client", "ping", "login", "logout", "context"})
    EXPECT_TRUE(contains(r.output, sub)) << sub;
}

TEST_F(cli_e2e, usage_errors_exit_2_with_one_error_line) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {},
           {"stream"},
           {"stream", "create"},
           {"stream", "frobnicate"},
           {"topic", "create", "s", "t"},
           {"topic", "create", "s", "t", "many"},
           {"topic", "create", "s", "t", "1", "--message-expiry", "soon"},
           {"topic", "create", "s", "t", "1", "--max-topic-size", "huge"},
           {"partition", "create", "s", "t"},
           {"segment", "delete", "s", "t", "0"},
           {"user", "create", "bob"},
           {"user", "create", "bob", "secret", "--permissions", "fly"},
           {"user", "status", "bob", "sleepy"},
           {"consumer-offset", "set", "1", "s", "t"},
           {"message", "send", "s", "t", "x", "--partition", "1", "--key", "k"},
           {"message", "send", "s", "t", "x", "--headers", "nokind"},
           {"message", "send", "s", "t", "x", "--headers", "k:complex:1"},
           {"message", "send", "s", "t", "x", "--headers", "k:uint8:300"},
           {"message", "poll", "s", "t", "--first", "--last"},
           {"message", "poll", "s", "t", "--show-as", "xml"},
           {"message", "flush", "s", "t"},
           {"--output", "xml", "stream", "list"},
           {"--timeout-ms", "0", "stream", "list"},
           {"--context", "nowhere", "stream", "list"},
           {"stream", "get", std::string(300, 'x')},
       }) {
    auto r = cli(args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    EXPECT_EQ(r.exit_code, 2) << joined << "\n" << r.output;
    EXPECT_TRUE(r.output.starts_with("error: ")) << joined << "\n" << r.output;
    EXPECT_EQ(count_of(r.output, "\n"), 1u) << joined << "\n" << r.output;
  }
}

TEST_F(cli_e2e, errors_go_to_stderr_only) {
  auto r = shell({"stream", "delete", "7"}, "2>/dev/null");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "");
  r = shell({"stream", "delete", "7"}, ">/dev/null");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.output.starts_with("error: ")) << r.output;
}

TEST_F(cli_e2e, no_server_is_a_connection_error) {
  auto r = cli({"--address", "127.0.0.1:1", "stream", "list", "-u", "iggy", "-p", "iggy"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "error: no server answered at 127.0.0.1:1")) << r.output;
}

// ---- authentication -----------------------------------------------------------

TEST_F(cli_e2e, wrong_password_and_missing_credentials_fail_clearly) {
  auto r = cli({"-u", "iggy", "-p", "wrong", "stream", "list"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "error: invalid credentials")) << r.output;
  EXPECT_TRUE(contains(r.output, "server status 42 invalid_credentials")) << r.output;

  r = cli({"stream", "list"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "not logged in")) << r.output;
  EXPECT_TRUE(contains(r.output, "server status 40 unauthenticated")) << r.output;

  // From the environment, and global options after the subcommand.
  r = cli({"stream", "list"}, {{"WHIPPET_USERNAME", "iggy"}, {"WHIPPET_PASSWORD", "iggy"}});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = cli({"stream", "list", "--username", "iggy", "--password", "iggy", "--output", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(json_of(r), "[]");
}

TEST_F(cli_e2e, ping_needs_no_login) {
  auto r = cli({"ping", "-n", "2"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(count_of(r.output, "pong from " + server_.address()), 2u) << r.output;
  r = cli({"ping", "-o", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(json_of(r), "\"time_ms\":")) << r.output;
}

// ---- streams ----------------------------------------------------------------

TEST_F(cli_e2e, stream_create_list_get_update_purge_delete) {
  auto r = root({"stream", "create", "orders"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "Stream 'orders' created with id 0")) << r.output;
  r = root({"s", "create", "payments", "-o", "json"});
  EXPECT_TRUE(contains(json_of(r), "\"id\":1,\"name\":\"payments\"")) << r.output;

  r = root({"stream", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(lines_of(r.output)[0].starts_with("ID  NAME      CREATED")) << r.output;
  expect_aligned(r.output, "NAME", "payments");
  r = root({"stream", "list", "--output", "json"});
  auto j = json_of(r);
  EXPECT_TRUE(j.starts_with("[{\"id\":0,\"name\":\"orders\",\"created_at\":")) << j;
  EXPECT_TRUE(contains(j, "\"name\":\"payments\"")) << j;

  ASSERT_EQ(root({"topic", "create", "orders", "eu", "2"}).exit_code, 0);
  r = root({"stream", "get", "orders"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "NAME      orders")) << r.output;
  EXPECT_TRUE(contains(r.output, "TOPICS:")) << r.output;
  expect_aligned(r.output.substr(r.output.find("TOPICS:\n") + 8), "NAME", "eu");
  r = root({"stream", "get", "0", "-o", "json"});
  j = json_of(r);
  EXPECT_TRUE(contains(j, "\"topics_count\":1")) << j;
  EXPECT_TRUE(contains(j, "\"topics\":[{\"id\":0,\"name\":\"eu\"")) << j;

  r = root({"stream", "update", "orders", "orders-v2"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(json_of(root({"stream", "get", "0", "-o", "json"})), "\"name\":\"orders-v2\""));
  r = root({"stream", "purge", "orders-v2"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "purged")) << r.output;
  r = root({"stream", "delete", "orders-v2", "-o", "json"});
  EXPECT_TRUE(contains(json_of(r), "\"result\":\"ok\"")) << r.output;
  EXPECT_FALSE(contains(root({"stream", "list"}).output, "orders")) << "deleted";
}

TEST_F(cli_e2e, unknown_stream_is_named_with_the_server_status) {
  auto r = root({"stream", "delete", "7"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "error: stream 7 not found (server status 1009 stream_id_not_found)\n");
  r = root({"stream", "get", "nope"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "error: stream 'nope' not found")) << r.output;
  r = root({"topic", "list", "nope"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "stream 'nope' not found")) << r.output;
  r = root({"stream", "create", "dup"});
  r = root({"stream", "create", "dup"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "a stream named 'dup' already exists (server status 1012")) << r.output;
}

TEST_F(cli_e2e, json_output_escapes_strings) {
  const std::string name = "we\"ird\\name\tü";
  ASSERT_EQ(root({"stream", "create", name}).exit_code, 0);
  auto r = root({"stream", "list", "-o", "json"});
  EXPECT_TRUE(contains(json_of(r), R"("name":"we\"ird\\name\tü")")) << r.output;
  r = root({"stream", "list"});
  EXPECT_TRUE(contains(r.output, "we\"ird\\name\\tü")) << r.output;  // one line per row in tables
}

// ---- topics, partitions, segments ----------------------------------------------

TEST_F(cli_e2e, topic_create_list_get_update_purge_delete) {
  ASSERT_EQ(root({"stream", "create", "shop"}).exit_code, 0);
  auto r = root({"topic", "create", "shop", "orders", "3", "--message-expiry", "2h", "--max-topic-size", "1GiB"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "Topic 'orders' created with id 0 and 3 partition(s)")) << r.output;
  r = root({"t", "create", "0", "audit", "1", "-o", "json"});
  auto j = json_of(r);
  EXPECT_TRUE(contains(j, "\"name\":\"audit\"")) << j;
  EXPECT_TRUE(contains(j, "\"message_expiry\":0,")) << j;

  r = root({"topic", "list", "shop"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  expect_aligned(r.output, "EXPIRY", "2h");
  expect_aligned(r.output, "MAX SIZE", "1.0 GiB");
  expect_aligned(r.output, "NAME", "audit");
  j = json_of(root({"topic", "list", "shop", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"message_expiry\":7200000000,\"max_topic_size\":1073741824")) << j;

  r = root({"topic", "get", "shop", "orders"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "PARTITIONS:")) << r.output;
  EXPECT_TRUE(contains(r.output, "EXPIRY       2h")) << r.output;
  j = json_of(root({"topic", "get", "shop", "0", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"partitions_count\":3")) << j;
  EXPECT_EQ(count_of(j, "\"segments_count\":"), 3u) << j;

  // Update: rename, expiry to never; the size limit is kept.
  r = root({"topic", "update", "shop", "orders", "orders-v2", "--message-expiry", "none"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  j = json_of(root({"topic", "get", "shop", "0", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"name\":\"orders-v2\"")) << j;
  EXPECT_TRUE(contains(j, "\"message_expiry\":18446744073709551615,\"max_topic_size\":1073741824")) << j;
  EXPECT_TRUE(contains(root({"topic", "get", "shop", "0"}).output, "EXPIRY       never"));

  r = root({"topic", "purge", "shop", "orders-v2"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = root({"topic", "delete", "shop", "orders-v2"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = root({"topic", "get", "shop", "orders-v2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "error: topic 'orders-v2' not found in stream 'shop'")) << r.output;
  r = root({"topic", "delete", "shop", "9"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "topic 9 not found in stream 'shop' (server status 2010")) << r.output;
}

TEST_F(cli_e2e, partitions_and_segments) {
  make_topic("s", "t", 2);
  auto r = root({"partition", "create", "s", "t", "3"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "3 partition(s) added")) << r.output;
  EXPECT_TRUE(contains(json_of(root({"topic", "get", "s", "t", "-o", "json"})), "\"partitions_count\":5"));
  r = root({"p", "delete", "s", "t", "4", "-o", "json"});
  EXPECT_TRUE(contains(json_of(r), "\"result\":\"ok\"")) << r.output;
  EXPECT_TRUE(contains(json_of(root({"topic", "get", "s", "t", "-o", "json"})), "\"partitions_count\":1"));
  r = root({"partition", "create", "s", "nope", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "topic 'nope' not found in stream 's'")) << r.output;

  ASSERT_EQ(root({"message", "send", "s", "t", "a", "b"}).exit_code, 0);
  r = root({"segment", "delete", "s", "t", "0", "1"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "1 segment(s) deleted from partition 0")) << r.output;
  r = root({"seg", "delete", "s", "t", "5", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "partition 5 not found in topic 't' in stream 's' (server status 3007")) << r.output;
}

// ---- users and tokens --------------------------------------------------------------

TEST_F(cli_e2e, user_lifecycle) {
  auto r = root({"user", "create", "bob", "secret1", "--permissions", "read_streams,poll_messages"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "User 'bob' created with id 1")) << r.output;
  r = root({"user", "list"});
  expect_aligned(r.output, "USERNAME", "bob");
  expect_aligned(r.output, "STATUS", "active");
  auto j = json_of(root({"u", "list", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"username\":\"iggy\"")) << j;
  EXPECT_TRUE(contains(j, "\"username\":\"bob\",\"status\":\"active\"")) << j;
  r = root({"user", "get", "bob"});
  EXPECT_TRUE(contains(r.output, "PERMISSIONS  read_streams,poll_messages")) << r.output;
  j = json_of(root({"user", "get", "1", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"read_streams\":true,\"manage_topics\":false")) << j;

  ASSERT_EQ(root({"stream", "create", "s"}).exit_code, 0);
  EXPECT_EQ(cli({"-u", "bob", "-p", "secret1", "stream", "list"}).exit_code, 0);
  r = cli({"-u", "bob", "-p", "secret1", "stream", "create", "mine"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "permission denied: cannot create stream 'mine' (server status 41 unauthorized)"))
      << r.output;

  EXPECT_EQ(root({"user", "name", "bob", "robert"}).exit_code, 0);
  EXPECT_EQ(root({"user", "status", "robert", "inactive"}).exit_code, 0);
  r = cli({"-u", "robert", "-p", "secret1", "me"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "server status 47 user_inactive")) << r.output;
  EXPECT_EQ(root({"user", "status", "robert", "active"}).exit_code, 0);
  r = root({"user", "password", "robert", "secret1", "secret2"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(cli({"-u", "robert", "-p", "secret1", "me"}).exit_code, 1);
  EXPECT_EQ(cli({"-u", "robert", "-p", "secret2", "me"}).exit_code, 0);
  r = root({"user", "password", "robert"});  // no terminal to ask on
  EXPECT_EQ(r.exit_code, 2) << r.output;

  r = root({"user", "permissions", "robert", "all"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(cli({"-u", "robert", "-p", "secret2", "stream", "create", "mine"}).exit_code, 0);
  EXPECT_EQ(root({"user", "permissions", "robert", "m_str,r_str", "send_messages"}).exit_code, 0);
  EXPECT_TRUE(contains(root({"user", "get", "robert"}).output, "PERMISSIONS  manage_streams,read_streams,send_messages"));
  EXPECT_EQ(root({"user", "permissions", "robert"}).exit_code, 0);
  EXPECT_TRUE(contains(root({"user", "get", "robert"}).output, "PERMISSIONS  none"));
  EXPECT_TRUE(contains(json_of(root({"user", "get", "robert", "-o", "json"})), "\"permissions\":null"));

  r = root({"user", "create", "sleepy", "secret1", "--inactive", "-o", "json"});
  EXPECT_TRUE(contains(json_of(r), "\"status\":\"inactive\"")) << r.output;
  r = root({"user", "create", "sleepy", "secret1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "a user named 'sleepy' already exists")) << r.output;

  EXPECT_EQ(root({"user", "delete", "robert"}).exit_code, 0);
  r = root({"user", "get", "robert"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "user 'robert' not found")) << r.output;
  r = root({"user", "delete", "robert"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "user 'robert' not found (server status 20")) << r.output;
}

TEST_F(cli_e2e, stream_and_topic_permissions) {
  make_topic("s0", "t0", 1);  // stream 0, topic 0
  make_topic("s1", "t1", 1);  // stream 1, topic 0
  auto r = root({"user", "create", "carol", "secret1", "--stream-permissions", "0:r_str#0:s_msg"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = root({"user", "get", "carol"});
  EXPECT_TRUE(contains(r.output, "read_stream")) << r.output;
  EXPECT_TRUE(contains(r.output, "0:send_messages")) << r.output;
  const std::vector<std::string> as_carol = {"-u", "carol", "-p", "secret1"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.begin(), as_carol.begin(), as_carol.end());
    return cli(std::move(args));
  };
  EXPECT_EQ(with({"message", "send", "s0", "t0", "hi"}).exit_code, 0);
  r = with({"message", "send", "s1", "t1", "hi"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "server status 41")) << r.output;
  // Replacing the permissions: now only stream 1, every right.
  ASSERT_EQ(root({"user", "permissions", "carol", "--stream-permissions", "1:all"}).exit_code, 0);
  EXPECT_EQ(with({"message", "send", "s1", "t1", "hi"}).exit_code, 0);
  EXPECT_EQ(with({"message", "send", "s0", "t0", "hi"}).exit_code, 1);
  r = root({"user", "permissions", "carol", "--stream-permissions", "x:all"});
  EXPECT_EQ(r.exit_code, 2);
  r = root({"user", "permissions", "carol", "--stream-permissions", "0:fly"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.output, "unknown permission 'fly'")) << r.output;
}

TEST_F(cli_e2e, personal_access_tokens) {
  auto r = root({"pat", "create", "ci", "-o", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const std::string token = json_string(json_of(r), "token");
  ASSERT_FALSE(token.empty()) << r.output;
  r = cli({"--token", token, "me"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = root({"pat", "create", "nightly", "--expiry", "1d"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "Personal access token 'nightly' created")) << r.output;

  r = root({"pat", "list"});
  expect_aligned(r.output, "NAME", "nightly");
  expect_aligned(r.output, "EXPIRES", "never");
  auto j = json_of(root({"pat", "list", "-o", "json"}));
  EXPECT_TRUE(contains(j, "{\"name\":\"ci\",\"expiry_at\":null}")) << j;
  EXPECT_TRUE(std::regex_search(j, std::regex("\\{\"name\":\"nightly\",\"expiry_at\":[0-9]+\\}"))) << j;

  EXPECT_EQ(root({"pat", "delete", "ci"}).exit_code, 0);
  r = cli({"--token", token, "me"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "server status 53 invalid_personal_access_token")) << r.output;
  r = root({"pat", "delete", "ci"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "personal access token 'ci' not found")) << r.output;
  EXPECT_EQ(cli({"--token", "t", "-u", "iggy", "me"}).exit_code, 2);
}

// ---- consumer groups and offsets ------------------------------------------------------

TEST_F(cli_e2e, consumer_groups) {
  make_topic("s", "t", 3);
  auto r = root({"consumer-group", "create", "s", "t", "workers"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "Consumer group 'workers' created with id 0")) << r.output;
  EXPECT_EQ(root({"g", "create", "s", "t", "auditors"}).exit_code, 0);
  r = root({"consumer-group", "list", "s", "t"});
  expect_aligned(r.output, "NAME", "auditors");
  expect_aligned(r.output, "PARTITIONS", "3");
  auto j = json_of(root({"g", "list", "s", "t", "-o", "json"}));
  EXPECT_TRUE(contains(j, "{\"id\":0,\"name\":\"workers\",\"partitions_count\":3,\"members_count\":0}")) << j;
  r = root({"consumer-group", "get", "s", "t", "workers"});
  EXPECT_TRUE(contains(r.output, "MEMBERS:")) << r.output;
  j = json_of(root({"g", "get", "s", "t", "0", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"members\":[]")) << j;

  r = root({"consumer-group", "create", "s", "t", "workers"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "a consumer group named 'workers' already exists")) << r.output;
  EXPECT_EQ(root({"consumer-group", "delete", "s", "t", "workers"}).exit_code, 0);
  r = root({"consumer-group", "get", "s", "t", "workers"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "consumer group 'workers' not found")) << r.output;
  r = root({"consumer-group", "delete", "s", "t", "workers"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "consumer group 'workers' not found in topic 't' in stream 's' (server status 5003"))
      << r.output;
}

TEST_F(cli_e2e, message_poll_as_a_consumer_group_member) {
  make_topic("g", "t", 2);
  ASSERT_EQ(root({"message", "send", "g", "t", "--partition", "0", "a0", "b0"}).exit_code, 0);
  ASSERT_EQ(root({"message", "send", "g", "t", "--partition", "1", "a1"}).exit_code, 0);
  ASSERT_EQ(root({"consumer-group", "create", "g", "t", "readers"}).exit_code, 0);
  auto r = root({"message", "poll", "g", "t", "--group", "readers", "--count", "10", "--auto-commit"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "3 message(s) for consumer group 'readers'")) << r.output;
  for (const char* p : {"a0", "b0", "a1"}) EXPECT_TRUE(contains(r.output, p)) << r.output;
  // The group's offsets were stored: nothing new for the next member.
  r = root({"message", "poll", "g", "t", "--group", "readers", "--count", "10"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "0 message(s) for consumer group 'readers'")) << r.output;
  r = root({"message", "poll", "g", "t", "--group", "nobody"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "server status 5003")) << r.output;
  EXPECT_EQ(root({"message", "poll", "g", "t", "--group", "readers", "--consumer", "1"}).exit_code, 2);
}

TEST_F(cli_e2e, consumer_offsets) {
  make_topic("s", "t", 2);
  ASSERT_EQ(root({"message", "send", "s", "t", "a", "b", "c", "d", "e", "--partition", "0"}).exit_code, 0);
  auto r = root({"consumer-offset", "get", "1", "s", "t"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "no offset stored for consumer 1")) << r.output;

  r = root({"consumer-offset", "set", "1", "s", "t", "2", "--partition", "0"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = root({"o", "get", "1", "s", "t", "--partition", "0"});
  EXPECT_TRUE(contains(r.output, "STORED OFFSET   2")) << r.output;
  auto j = json_of(root({"o", "get", "1", "s", "t", "--partition", "0", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"partition_id\":0,\"current_offset\":4,\"stored_offset\":2")) << j;

  // --next continues after the stored offset; --auto-commit stores the last one polled.
  r = root({"message", "poll", "s", "t", "--next", "--consumer", "1", "--count", "1", "--auto-commit", "-o", "json"});
  EXPECT_TRUE(contains(json_of(r), "\"offset\":3,")) << r.output;
  EXPECT_TRUE(contains(json_of(root({"o", "get", "1", "s", "t", "-o", "json"})), "\"stored_offset\":3"));

  ASSERT_EQ(root({"consumer-group", "create", "s", "t", "grp"}).exit_code, 0);
  EXPECT_EQ(root({"o", "set", "grp", "s", "t", "1", "--group", "--partition", "0"}).exit_code, 0);
  j = json_of(root({"o", "get", "grp", "s", "t", "--group", "--partition", "0", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"consumer\":\"consumer group 'grp'\"")) << j;
  EXPECT_TRUE(contains(j, "\"stored_offset\":1")) << j;
  r = root({"o", "get", "nogroup", "s", "t", "--group"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "consumer group 'nogroup' not found")) << r.output;
}

// ---- messages -------------------------------------------------------------------------

TEST_F(cli_e2e, message_round_trip_as_text_json_and_hex) {
  make_topic("s", "t", 1);
  auto r = root({"message", "send", "s", "t", "hello", R"({"k": [1, 2]})", "--partition", "0"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "Sent 2 message(s) to topic 't' in stream 's' (partition 0).")) << r.output;

  r = root({"message", "poll", "s", "t", "--count", "10"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  expect_aligned(r.output, "PAYLOAD", "hello");
  expect_aligned(r.output, "PAYLOAD", R"({"k": [1, 2]})");
  EXPECT_TRUE(contains(r.output, "2 message(s) from partition 0 (last offset 1).")) << r.output;
  auto j = json_of(root({"m", "poll", "s", "t", "--count", "10", "--show-as", "text", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"partition_id\":0,\"current_offset\":1,\"count\":2")) << j;
  EXPECT_TRUE(contains(j, "\"payload\":\"hello\"")) << j;
  EXPECT_TRUE(contains(j, R"("payload":"{\"k\": [1, 2]}")")) << j;

  j = json_of(root({"m", "poll", "s", "t", "--count", "10", "--show-as", "json", "-o", "json"}));
  EXPECT_TRUE(contains(j, R"("payload":{"k":[1,2]})")) << j;  // embedded as JSON
  EXPECT_TRUE(contains(j, "\"payload\":\"hello\"")) << j;      // not JSON: kept as text
  r = root({"m", "poll", "s", "t", "--offset", "1", "--show-as", "json"});
  expect_aligned(r.output, "PAYLOAD", R"({"k":[1,2]})");

  r = root({"m", "poll", "s", "t", "--count", "10", "--show-as", "hex"});
  expect_aligned(r.output, "PAYLOAD", "68656c6c6f");
  j = json_of(root({"m", "poll", "s", "t", "--count", "10", "--show-as", "hex", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"payload\":\"68656c6c6f\"")) << j;
  EXPECT_TRUE(contains(j, "\"payload\":\"7b226b223a205b312c20325d7d\"")) << j;
}

TEST_F(cli_e2e, message_send_reads_stdin_one_message_per_line) {
  make_topic("s", "t", 1);
  auto r = shell({"-u", "iggy", "-p", "iggy", "message", "send", "s", "t"}, "", "one\ntwo\n\nthree\r\n");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "Sent 3 message(s)")) << r.output;
  auto j = json_of(root({"m", "poll", "s", "t", "--first", "--count", "10", "-o", "json"}));
  EXPECT_TRUE(std::regex_search(j, std::regex("\"payload\":\"one\".*\"payload\":\"two\".*\"payload\":\"three\""))) << j;
  r = shell({"-u", "iggy", "-p", "iggy", "message", "send", "s", "t"}, "", "");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.output, "no messages to send")) << r.output;
}

TEST_F(cli_e2e, message_headers_keys_and_polling_strategies) {
  make_topic("s", "t", 3);
  auto r = root({"message", "send", "s", "t", "m0", "m1", "m2", "--partition", "2", "--headers", "region:string:eu",
                 "retries:uint32:3", "ok:bool:true", "ratio:float64:0.5", "blob:raw:cafe", "neg:int16:-7"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  auto j = json_of(root({"m", "poll", "s", "t", "--partition", "2", "--first", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"headers\":[{\"key\":\"region\",\"kind\":\"string\",\"value\":\"eu\"},"
                          "{\"key\":\"retries\",\"kind\":\"uint32\",\"value\":3},"
                          "{\"key\":\"ok\",\"kind\":\"bool\",\"value\":true},"
                          "{\"key\":\"ratio\",\"kind\":\"float64\",\"value\":0.5},"
                          "{\"key\":\"blob\",\"kind\":\"raw\",\"value\":\"cafe\"},"
                          "{\"key\":\"neg\",\"kind\":\"int16\",\"value\":-7}]"))
      << j;
  r = root({"m", "poll", "s", "t", "--partition", "2", "--last"});
  EXPECT_TRUE(contains(r.output, "region=eu retries=3 ok=true ratio=0.5 blob=cafe neg=-7")) << r.output;
  expect_aligned(r.output, "PAYLOAD", "m2");
  EXPECT_TRUE(contains(json_of(root({"m", "poll", "s", "t", "--partition", "2", "--offset", "1", "-o", "json"})),
                       "\"payload\":\"m1\""));
  j = json_of(root({"m", "poll", "s", "t", "--partition", "2", "--timestamp", "0", "--count", "5", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"count\":3")) << j;

  // The same key lands on the same partition; balanced sends spread.
  ASSERT_EQ(root({"message", "send", "s", "t", "k1", "k2", "k3", "--key", "customer-9"}).exit_code, 0);
  ASSERT_EQ(root({"message", "send", "s", "t", "b1"}).exit_code, 0);
  size_t keyed = 0;
  for (const char* p : {"0", "1", "2"}) {
    const auto out = json_of(root({"m", "poll", "s", "t", "--partition", p, "--count", "100", "-o", "json"}));
    keyed = std::max(keyed, count_of(out, "\"payload\":\"k"));
  }
  EXPECT_EQ(keyed, 3u);

  r = root({"message", "send", "s", "t", "x", "--partition", "9"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "partition 9 not found in topic 't' in stream 's' (server status 3007")) << r.output;
  r = root({"message", "poll", "s", "nope"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "topic 'nope' not found in stream 's'")) << r.output;
}

TEST_F(cli_e2e, message_flush) {
  make_topic("s", "t", 1);
  ASSERT_EQ(root({"message", "send", "s", "t", "x"}).exit_code, 0);
  auto r = root({"message", "flush", "s", "t", "0", "--fsync"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "flushed and synced")) << r.output;
  r = root({"m", "flush", "s", "t", "3"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "partition 3 not found")) << r.output;
}

TEST_F(cli_e2e, large_sends_and_polls_go_in_batches) {
  make_topic("s", "t", 1);
  std::string input;
  for (int i = 0; i < 2500; ++i) input += "msg-" + std::to_string(i) + "\n";
  auto r = shell({"-u", "iggy", "-p", "iggy", "message", "send", "s", "t"}, "", input);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "Sent 2500 message(s)")) << r.output;
  EXPECT_FALSE(contains(r.output, "sending [")) << "no progress bar without a terminal";
  r = root_stdout({"m", "poll", "s", "t", "--count", "2500", "-o", "json"});
  const auto j = json_of(r);
  EXPECT_TRUE(contains(j, "\"count\":2500")) << j.substr(0, 200);
  EXPECT_TRUE(contains(j, "\"offset\":2499,")) << j.substr(0, 200);
  EXPECT_TRUE(contains(j, "\"payload\":\"msg-2499\"")) << j.substr(0, 200);
  EXPECT_EQ(count_of(j, "\"payload\":"), 2500u);
}

TEST_F(cli_e2e, progress_bar_on_a_terminal) {
  if (!fs::exists("/usr/bin/script")) GTEST_SKIP() << "no /usr/bin/script to give the CLI a terminal";
  make_topic("s", "t", 1);
  std::string command = std::string(WHIPPET_CLI_BIN) + " -u iggy -p iggy message send s t --partition 0";
  for (int i = 0; i < 1500; ++i) command += " m" + std::to_string(i);
  auto r = run_command("/usr/bin/script", {{"-q", "-e", "-c", command, "/dev/null"}, env_with({}), {}}, k_run_timeout);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "sending [")) << r.output;
  EXPECT_TRUE(contains(r.output, "1500/1500 (100%)")) << r.output;
  command = std::string(WHIPPET_CLI_BIN) + " -u iggy -p iggy message poll s t --count 1500 -o json";
  r = run_command("/usr/bin/script", {{"-q", "-e", "-c", command, "/dev/null"}, env_with({}), {}}, k_run_timeout);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(contains(r.output, "polling [")) << r.output.substr(0, 300);
  EXPECT_TRUE(contains(r.output, "1500/1500 (100%)")) << r.output.substr(0, 300);
}

// ---- system -----------------------------------------------------------------------------

TEST_F(cli_e2e, stats_me_and_clients) {
  make_topic("s", "t", 2);
  auto r = root({"stats"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex("\nSTREAMS +1\n"))) << r.output;
  auto j = json_of(root({"stats", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"streams_count\":1,\"topics_count\":1,\"partitions_count\":2")) << j;

  r = root({"me"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "TRANSPORT  tcp")) << r.output;
  j = json_of(root({"me", "-o", "json"}));
  EXPECT_TRUE(contains(j, "\"user_id\":0,\"transport\":\"tcp\",\"address\":\"127.0.0.1:")) << j;

  raw_socket other(server_.address());  // a second client that stays connected
  ASSERT_TRUE(other.connected());
  r = root({"client", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  expect_aligned(r.output, "TRANSPORT", "tcp");
  j = json_of(root({"c", "list", "-o", "json"}));
  std::set<std::string> ids;
  const std::regex client_id("\"client_id\":([0-9]+)");
  for (std::sregex_iterator it(j.begin(), j.end(), client_id), end; it != end; ++it)
    ids.insert((*it)[1]);
  ASSERT_GE(ids.size(), 2u) << j;
  int found = 0;
  for (const auto& id : ids) {  // the listing CLI's own connection is gone by now; the raw one is not
    r = root({"client", "get", id, "-o", "json"});
    if (r.exit_code != 0) continue;
    EXPECT_TRUE(contains(json_of(r), "\"client_id\":" + id + ",")) << r.output;
    r = root({"c", "get", id});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(std::regex_search(r.output, std::regex("CLIENT ID +" + id + "\n"))) << r.output;
    ++found;
  }
  EXPECT_GE(found, 1);
  r = root({"client", "get", "999999"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "client 999999 not found")) << r.output;
  EXPECT_EQ(root({"client", "get", "abc"}).exit_code, 2);
}

// ---- sessions and contexts ---------------------------------------------------------------

TEST_F(cli_e2e, login_saves_a_private_session_and_logout_removes_it) {
  auto r = cli({"login", "iggy", "wrong"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "invalid credentials")) << r.output;
  EXPECT_FALSE(fs::exists(session_file()));

  r = cli({"login", "iggy", "iggy"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "Logged in to " + server_.address() + " as iggy")) << r.output;
  ASSERT_TRUE(fs::exists(session_file()));
  EXPECT_EQ(fs::status(session_file()).permissions(), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(fs::status(session_file().parent_path()).permissions(), fs::perms::owner_all);
  std::ifstream in(session_file());
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_FALSE(contains(content, "password")) << "the session keeps a token, not the password";

  // No credentials given: the session's are used; explicit ones still win.
  r = cli({"stream", "create", "from-session"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(json_of(cli({"pat", "list", "-o", "json"})), "\"name\":\"whippet-cli-"));
  EXPECT_EQ(cli({"-u", "iggy", "-p", "wrong", "stream", "list"}).exit_code, 1);

  r = cli({"logout"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "Logged out of " + server_.address())) << r.output;
  EXPECT_FALSE(fs::exists(session_file()));
  EXPECT_FALSE(contains(root({"pat", "list"}).output, "whippet-cli-")) << "the session's token is deleted";
  r = cli({"stream", "list"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "not logged in")) << r.output;
  r = cli({"logout"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "Not logged in")) << r.output;
}

TEST_F(cli_e2e, session_lives_under_home_without_xdg_config_home) {
  const std::map<std::string, std::string> env = {{"XDG_CONFIG_HOME", ""}};
  auto r = cli({"login", "-u", "iggy", "-p", "iggy"}, env);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const fs::path file = config_.path() / "home" / ".config" / "whippet" / "session";
  ASSERT_TRUE(fs::exists(file)) << r.output;
  EXPECT_EQ(fs::status(file).permissions(), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(cli({"me"}, env).exit_code, 0);
  EXPECT_EQ(cli({"logout"}, env).exit_code, 0);
  EXPECT_FALSE(fs::exists(file));
}

TEST_F(cli_e2e, contexts_hold_addresses_and_credentials) {
  const std::map<std::string, std::string> no_address = {{"WHIPPET_ADDRESS", ""}};
  auto r = cli({"context", "list"}, no_address);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  expect_aligned(r.output, "ADDRESS", "127.0.0.1:8090");
  r = cli({"context", "create", "local", "--address", server_.address(), "--username", "iggy", "--password", "iggy"},
          no_address);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const fs::path file = config_.path() / "whippet" / "contexts.toml";
  ASSERT_TRUE(fs::exists(file));
  EXPECT_EQ(fs::status(file).permissions(), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(cli({"context", "create", "local", "--address", "127.0.0.1:2"}, no_address).exit_code, 2);
  EXPECT_EQ(cli({"ctx", "create", "bad name", "--address", "127.0.0.1:2"}, no_address).exit_code, 2);
  EXPECT_EQ(cli({"ctx", "create", "far", "--address", "127.0.0.1:1"}, no_address).exit_code, 0);

  // --context picks one for a single command.
  r = cli({"--context", "local", "stream", "create", "via-context"}, no_address);
  EXPECT_EQ(r.exit_code, 0) << r.output;

  // `use` makes it the default.
  r = cli({"context", "use", "local"}, no_address);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = cli({"stream", "list"}, no_address);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "via-context")) << r.output;
  r = cli({"context", "show"}, no_address);
  EXPECT_TRUE(std::regex_search(r.output, std::regex("NAME +local\n"))) << r.output;
  EXPECT_FALSE(contains(r.output, "PASSWORD")) << "passwords are not shown";
  auto shown = json_of(cli({"ctx", "show", "-o", "json"}, no_address));
  EXPECT_TRUE(contains(shown, "\"name\":\"local\",\"active\":true")) << shown;
  EXPECT_TRUE(contains(shown, "\"username\":\"iggy\",\"credentials\":\"user iggy\"")) << shown;
  EXPECT_FALSE(contains(shown, "password")) << shown;
  auto j = json_of(cli({"context", "list", "-o", "json"}, no_address));
  EXPECT_TRUE(contains(j, "{\"name\":\"local\",\"active\":true,\"address\":\"" + server_.address() + "\"")) << j;
  EXPECT_TRUE(contains(j, "{\"name\":\"default\",\"active\":false")) << j;
  // The command line still wins over the context.
  EXPECT_EQ(cli({"-u", "iggy", "-p", "wrong", "stream", "list"}, no_address).exit_code, 1);
  EXPECT_EQ(cli({"--context", "far", "stream", "list"}, no_address).exit_code, 1);

  EXPECT_EQ(cli({"context", "use", "nowhere"}, no_address).exit_code, 2);
  r = cli({"context", "delete", "local"}, no_address);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "Now using context 'default'")) << r.output;
  EXPECT_TRUE(std::regex_search(cli({"context", "show"}, no_address).output, std::regex("NAME +default\n")));
  EXPECT_EQ(cli({"context", "delete", "local"}, no_address).exit_code, 2);
  EXPECT_EQ(cli({"context", "delete", "default"}, no_address).exit_code, 2);
}

}  // namespace
