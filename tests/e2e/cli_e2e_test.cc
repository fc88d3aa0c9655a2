// End to end: the `whippet` CLI, usage, authentication, streams, topics, partitions, users and tokens.

#include "cli_fixture.h"

using namespace cli_test;

// ---- usage ------------------------------------------------------------------

TEST_F(cli_e2e, help_works_at_every_level) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--help"}, {"stream", "--help"}, {"stream", "create", "--help"}, {"t", "--help"}, {"topic", "update", "--help"},
           {"partition", "--help"}, {"segment", "delete", "--help"}, {"user", "create", "--help"}, {"pat", "--help"},
           {"consumer-group", "list", "--help"}, {"consumer-offset", "set", "--help"}, {"message", "send", "--help"},
           {"m", "poll", "--help"}, {"message", "flush", "--help"}, {"stats", "--help"}, {"me", "--help"},
           {"client", "get", "--help"}, {"cluster", "metadata", "--help"}, {"login", "--help"}, {"logout", "--help"}, {"context", "create", "--help"},
           {"ping", "--help"}}) {
    auto r = cli(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.output;
    EXPECT_TRUE(contains(r.output, "Usage:")) << r.output;
  }
  auto r = cli({"--help"});
  for (const char* sub : {"stream", "topic", "partition", "segment", "user", "pat", "consumer-group", "consumer-offset",
                          "message", "stats", "me", "client", "cluster", "ping", "login", "logout", "context"})
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
