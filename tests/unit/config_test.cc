// Configuration: embedded defaults, file overlay, environment overrides and
// the errors an operator sees for mistakes.

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "config/server_config.h"
#include "support/temp_dir.h"

namespace cfg = whippet::config;
using whippet::testkit::temp_dir;

namespace {
std::filesystem::path write_file(const temp_dir& dir, const std::string& text) {
  const auto path = dir.path() / "server.toml";
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST(config, embedded_defaults) {
  auto c = cfg::load_server_config(std::nullopt, {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->system_path, "local_data");
  EXPECT_EQ(c->tcp.address.to_string(), "127.0.0.1:8090");
  EXPECT_TRUE(c->tcp.enabled);
  EXPECT_EQ(c->tcp.max_control_frame_size, 10'000'000u);
  EXPECT_EQ(c->tcp.request_timeout, std::chrono::seconds(30));
  EXPECT_GE(c->shard_count, 1u);
}

TEST(config, segment_preallocation_is_a_size_and_zero_turns_it_off) {
  auto c = cfg::load_server_config(std::nullopt, {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->storage.preallocate, 32ull << 20);
  auto off = cfg::load_server_config(std::nullopt, {{"WHIPPET_SYSTEM_SEGMENT_PREALLOCATE", "0"}});
  ASSERT_TRUE(off.ok()) << off.error().message;
  EXPECT_EQ(off->storage.preallocate, 0u);
  auto bad = cfg::load_server_config(std::nullopt, {{"WHIPPET_SYSTEM_SEGMENT_PREALLOCATE", "lots"}});
  EXPECT_FALSE(bad.ok());
}

TEST(config, the_tail_cache_is_a_size_per_shard) {
  auto c = cfg::load_server_config(std::nullopt, {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->storage.tail_cache, 64ull << 20);
  auto set = cfg::load_server_config(std::nullopt, {{"WHIPPET_SYSTEM_SEGMENT_TAIL_CACHE", "256 MiB"}});
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->storage.tail_cache, 256ull << 20);
  auto bad = cfg::load_server_config(std::nullopt, {{"WHIPPET_SYSTEM_SEGMENT_TAIL_CACHE", "-1"}});
  EXPECT_FALSE(bad.ok());
}

// Switches: each has its default, and its variable turns it the other way.
TEST(config, switches_have_their_defaults_and_their_variables_turn_them) {
  struct switch_case {
    const char* variable;
    bool fallback;
    bool (*read)(const cfg::server_config&);
  };
  const switch_case cases[] = {
      {"WHIPPET_TCP_SOCKET_MIGRATION", true, [](const cfg::server_config& c) { return c.tcp.socket_migration; }},
      {"WHIPPET_SYSTEM_SEGMENT_DIRECT_IO", false, [](const cfg::server_config& c) { return c.storage.direct_io; }},
  };
  auto defaults = cfg::load_server_config(std::nullopt, {});
  ASSERT_TRUE(defaults.ok());
  for (const auto& k : cases) {
    EXPECT_EQ(k.read(*defaults), k.fallback) << k.variable;
    auto turned = cfg::load_server_config(std::nullopt, {{k.variable, k.fallback ? "false" : "true"}});
    ASSERT_TRUE(turned.ok()) << k.variable;
    EXPECT_EQ(k.read(*turned), !k.fallback) << k.variable;
  }
}

TEST(config, environment_overrides_address_and_path) {
  auto c = cfg::load_server_config(std::nullopt, {{"WHIPPET_TCP_ADDRESS", "127.0.0.1:9000"},
                                                  {"WHIPPET_SYSTEM_PATH", "/var/lib/whippet"},
                                                  {"WHIPPET_SYSTEM_SHARDING_CPU_ALLOCATION", "3"},
                                                  {"WHIPPET_TCP_ENABLED", "false"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->tcp.address.port, 9000);
  EXPECT_EQ(c->system_path, "/var/lib/whippet");
  EXPECT_EQ(c->shard_count, 3u);
  EXPECT_FALSE(c->tcp.enabled);
}

TEST(config, iggy_names_are_accepted_and_whippet_names_win) {
  auto c = cfg::load_server_config(std::nullopt, {{"IGGY_TCP_ADDRESS", "127.0.0.1:7000"},
                                                  {"IGGY_SYSTEM_PATH", "/data/iggy"},
                                                  {"WHIPPET_SYSTEM_PATH", "/data/whippet"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->tcp.address.port, 7000);
  EXPECT_EQ(c->system_path, "/data/whippet");
}

TEST(config, unknown_iggy_variable_is_a_warning_not_an_error) {
  auto c = cfg::load_server_config(std::nullopt, {{"IGGY_QUIC_ENABLED", "true"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_EQ(c->warnings.size(), 1u);
  EXPECT_NE(c->warnings[0].find("IGGY_QUIC_ENABLED"), std::string::npos);
}

TEST(config, root_credentials_variables_are_not_configuration_keys) {
  auto c = cfg::load_server_config(std::nullopt,
                                   {{"WHIPPET_ROOT_USERNAME", "admin"}, {"WHIPPET_ROOT_PASSWORD", "secret"}});
  EXPECT_TRUE(c.ok());
}

TEST(config, unknown_environment_key_is_an_error_naming_it) {
  auto c = cfg::load_server_config(std::nullopt, {{"WHIPPET_TCP_ADDRES", "127.0.0.1:1"}});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("WHIPPET_TCP_ADDRES"), std::string::npos) << c.error().message;
}

TEST(config, bad_environment_values_are_errors) {
  for (const auto& [var, value] : std::vector<std::pair<std::string, std::string>>{
           {"WHIPPET_TCP_ADDRESS", "localhost"},
           {"WHIPPET_TCP_ADDRESS", "127.0.0.1:99999"},
           {"WHIPPET_TCP_ADDRESS", "300.0.0.1:80"},
           {"WHIPPET_TCP_ENABLED", "yes"},
           {"WHIPPET_SYSTEM_LOGGING_LEVEL", "loud"},
           {"WHIPPET_SYSTEM_SHARDING_CPU_ALLOCATION", "0"},
           {"WHIPPET_TCP_MAX_CONTROL_FRAME_SIZE", "huge"},
           {"WHIPPET_TCP_REQUEST_TIMEOUT", "5 fortnights"},
       }) {
    auto c = cfg::load_server_config(std::nullopt, {{var, value}});
    EXPECT_FALSE(c.ok()) << var << "=" << value;
    if (!c.ok()) {
      EXPECT_FALSE(c.error().message.empty());
    }
  }
}

TEST(config, file_overrides_defaults_and_environment_overrides_file) {
  temp_dir dir;
  const auto file = write_file(dir, "[tcp]\naddress = \"127.0.0.1:8500\"\nrequest_timeout = \"250 ms\"\n"
                                    "[system]\npath = \"from_file\"\n");
  auto c = cfg::load_server_config(file, {{"WHIPPET_SYSTEM_PATH", "from_env"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->tcp.address.port, 8500);
  EXPECT_EQ(c->tcp.request_timeout, std::chrono::milliseconds(250));
  EXPECT_EQ(c->system_path, "from_env");
}

TEST(config, unknown_key_in_file_is_an_error_naming_key_and_file) {
  temp_dir dir;
  const auto file = write_file(dir, "[tcp]\nadress = \"127.0.0.1:8500\"\n");
  auto c = cfg::load_server_config(file, {});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("tcp.adress"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find(file.string()), std::string::npos) << c.error().message;
}

TEST(config, unknown_section_in_file_is_an_error) {
  temp_dir dir;
  auto c = cfg::load_server_config(write_file(dir, "[nonsense]\nx = 1\n"), {});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("nonsense"), std::string::npos);
}

TEST(config, wrong_type_in_file_is_an_error) {
  temp_dir dir;
  auto c = cfg::load_server_config(write_file(dir, "[tcp]\nenabled = \"yes\"\n"), {});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("tcp.enabled"), std::string::npos) << c.error().message;
}

TEST(config, syntax_error_in_file_reports_line) {
  temp_dir dir;
  auto c = cfg::load_server_config(write_file(dir, "[tcp]\naddress = \n"), {});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("line 2"), std::string::npos) << c.error().message;
}

TEST(config, missing_file_is_an_error) {
  auto c = cfg::load_server_config(std::filesystem::path("/nonexistent/whippet.toml"), {});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("/nonexistent/whippet.toml"), std::string::npos);
}

TEST(config, every_key_has_a_distinct_environment_name) {
  std::set<std::string> names;
  for (const auto& key : cfg::known_keys()) {
    std::string name;
    for (char ch : key) name.push_back(ch == '.' ? '_' : static_cast<char>(std::toupper(ch)));
    EXPECT_TRUE(names.insert(name).second) << "two keys map to WHIPPET_" << name;
  }
  EXPECT_GE(names.size(), 6u);
}

TEST(units, sizes) {
  EXPECT_EQ(cfg::parse_size("10 MB"), 10'000'000u);
  EXPECT_EQ(cfg::parse_size("1 GiB"), 1ull << 30);
  EXPECT_EQ(cfg::parse_size("4KiB"), 4096u);
  EXPECT_EQ(cfg::parse_size("512"), 512u);
  EXPECT_EQ(cfg::parse_size("512 B"), 512u);
  EXPECT_EQ(cfg::parse_size("1.5 kB"), 1500u);
  EXPECT_FALSE(cfg::parse_size("").has_value());
  EXPECT_FALSE(cfg::parse_size("MB").has_value());
  EXPECT_FALSE(cfg::parse_size("10 parsecs").has_value());
}

TEST(units, durations) {
  using namespace std::chrono;
  EXPECT_EQ(cfg::parse_duration("30 s"), seconds(30));
  EXPECT_EQ(cfg::parse_duration("100ms"), milliseconds(100));
  EXPECT_EQ(cfg::parse_duration("1 m"), minutes(1));
  EXPECT_EQ(cfg::parse_duration("2h"), hours(2));
  EXPECT_EQ(cfg::parse_duration("5"), seconds(5));
  EXPECT_FALSE(cfg::parse_duration("soon").has_value());
  EXPECT_FALSE(cfg::parse_duration("5 fortnights").has_value());
}

TEST(units, addresses) {
  auto v4 = cfg::parse_socket_address("127.0.0.1:8090");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 8090);
  auto v6 = cfg::parse_socket_address("[::1]:0");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->is_ipv6);
  EXPECT_EQ(v6->to_string(), "[::1]:0");
  EXPECT_FALSE(cfg::parse_socket_address("127.0.0.1").has_value());
  EXPECT_FALSE(cfg::parse_socket_address("127.0.0.1:").has_value());
  EXPECT_FALSE(cfg::parse_socket_address("127.0.0.1:65536").has_value());
  EXPECT_FALSE(cfg::parse_socket_address("[::1:80").has_value());
  EXPECT_FALSE(cfg::parse_socket_address("example.com:80").has_value());
}

TEST(config, partition_fsync_without_state_fsync_is_corrected_with_a_warning) {
  auto c = cfg::load_server_config(std::nullopt, {{"WHIPPET_SYSTEM_PARTITION_ENFORCE_FSYNC", "true"},
                                                   {"WHIPPET_SYSTEM_STATE_ENFORCE_FSYNC", "false"}});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->storage.enforce_fsync);
  EXPECT_TRUE(c->storage.state_fsync);
  ASSERT_FALSE(c->warnings.empty());
  EXPECT_NE(c->warnings.front().find("system.state.enforce_fsync is turned on"), std::string::npos);
  auto off = cfg::load_server_config(std::nullopt, {});
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->storage.state_fsync);
  EXPECT_TRUE(off->warnings.empty());
}

TEST(config, edge_limits_are_read_and_checked) {
  auto c = cfg::load_server_config(std::nullopt, {{"WHIPPET_TCP_IDLE_TIMEOUT", "none"},
                                                   {"WHIPPET_TCP_MAX_CONNECTIONS_PER_IP", "7"},
                                                   {"WHIPPET_TCP_REQUEST_MEMORY_BUDGET", "64 MiB"}});
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->tcp.idle_timeout.has_value());
  EXPECT_EQ(c->tcp.max_connections_per_ip, 7u);
  EXPECT_EQ(c->tcp.request_memory_budget, 64ull << 20);
  EXPECT_EQ(c->tcp.login_timeout, std::chrono::seconds(10));
  auto bad = cfg::load_server_config(std::nullopt, {{"WHIPPET_TCP_MAX_CONNECTIONS", "0"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("tcp.max_connections"), std::string::npos);
}
