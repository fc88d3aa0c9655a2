#pragma once
// The `whippet` CLI: one file per subcommand group, each registering itself on
// the app. A subcommand's callback only records what to run (state::run);
// main() runs it after the whole command line has been parsed, so global
// options may come anywhere.
//
// Failures are thrown as cli_error and printed by main() as one line,
// "error: ...", with exit status 1 (server or connection) or 2 (usage).

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace whippet::cli {

inline constexpr const char* default_address = "127.0.0.1:8090";

enum class output_format { table, json_text };

struct global_options {
  std::string address;   // empty: the context's, the session's, or default_address
  std::string username;  // -u/--username or WHIPPET_USERNAME
  std::string password;  // -p/--password or WHIPPET_PASSWORD
  std::string token;     // --token: a personal access token
  std::string context;   // --context: a named server profile
  std::string output = "table";
  int timeout_ms = 5000;

  output_format format() const { return output == "json" ? output_format::json_text : output_format::table; }
};

struct state {
  global_options global;
  std::function<void()> run;  // the chosen command
};

inline constexpr int exit_failure = 1;  // server or connection errors
inline constexpr int exit_usage = 2;    // bad command lines and values

class cli_error : public std::runtime_error {
 public:
  cli_error(int exit_code, const std::string& message) : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const noexcept { return exit_code_; }

 private:
  int exit_code_;
};

[[noreturn]] inline void usage_error(const std::string& message) { throw cli_error(exit_usage, message); }
[[noreturn]] inline void command_error(const std::string& message) { throw cli_error(exit_failure, message); }

// Makes `cmd` run `fn` once the command line is parsed.
inline void on_run(CLI::App* cmd, state& s, std::function<void()> fn) {
  cmd->callback([&s, fn = std::move(fn)] { s.run = fn; });
}

// Shared option storage for one subcommand, kept alive by the callbacks.
template <typename T>
std::shared_ptr<T> make_args() {
  return std::make_shared<T>();
}

void add_ping_command(CLI::App& app, state& s);
void add_stream_commands(CLI::App& app, state& s);
void add_topic_commands(CLI::App& app, state& s);
void add_partition_commands(CLI::App& app, state& s);  // partition and segment
void add_user_commands(CLI::App& app, state& s);
void add_pat_commands(CLI::App& app, state& s);
void add_consumer_group_commands(CLI::App& app, state& s);
void add_consumer_offset_commands(CLI::App& app, state& s);
void add_message_commands(CLI::App& app, state& s);  // send, poll and flush
void add_system_commands(CLI::App& app, state& s);   // stats, me, client, cluster
void add_session_commands(CLI::App& app, state& s);  // login, logout
void add_context_commands(CLI::App& app, state& s);

}  // namespace whippet::cli
