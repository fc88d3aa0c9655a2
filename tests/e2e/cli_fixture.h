#pragma once
// The fixture of the `whippet` CLI end-to-end tests: a whippet-server spawned
// on a free loopback port (root iggy/iggy); every subcommand runs as a child
// process; each test has its own server and its own configuration folder
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

namespace cli_test {

inline constexpr auto k_run_timeout = 20s;

inline bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

inline size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The compact form of a command's JSON output; fails the test if it is not valid JSON.
inline std::string json_of(const run_result& r) {
  auto parsed = whippet::cli::parse_json(r.output);
  EXPECT_TRUE(parsed.has_value()) << "not valid JSON:\n" << r.output;
  return parsed ? whippet::cli::dump(*parsed, false) : "";
}

// The string value of the first "key":"..." in compact JSON.
inline std::string json_string(const std::string& json, const std::string& key) {
  const std::string open = "\"" + key + "\":\"";
  const auto at = json.find(open);
  if (at == std::string::npos) return "";
  const auto start = at + open.size();
  return json.substr(start, json.find('"', start) - start);
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Table columns are aligned: `word` starts at the same position in the header and the row.
inline void expect_aligned(const std::string& table, const std::string& header_word, const std::string& row_word) {
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

}  // namespace cli_test
