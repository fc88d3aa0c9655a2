// End to end: the `whippet` CLI, consumer groups and offsets, messages, system, sessions and contexts.

#include "cli_fixture.h"

using namespace cli_test;

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

TEST_F(cli_e2e, cluster_metadata_shows_the_single_node) {
  auto r = root({"cluster", "metadata"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex("\nNAME +single-node\n"))) << r.output;
  expect_aligned(r.output.substr(r.output.find("NODES:") + 7), "ROLE", "leader");
  const std::string port = server_.address().substr(server_.address().rfind(':') + 1);
  const auto j = json_of(root({"cl", "metadata", "-o", "json"}));
  EXPECT_TRUE(contains(j, "{\"name\":\"single-node\",\"nodes_count\":1,\"nodes\":[{\"name\":\"iggy-node\","
                          "\"ip\":\"127.0.0.1\",\"tcp_port\":" + port + ",\"quic_port\":0,\"http_port\":0,"
                          "\"websocket_port\":0,\"role\":\"leader\",\"status\":\"healthy\"}]}"))
      << j;
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
