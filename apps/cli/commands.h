#pragma once
// The `whippet` CLI: one file per subcommand, each registering itself on the app.

#include <CLI/CLI.hpp>
#include <string>

namespace whippet::cli {

struct global_options {
  std::string address = "127.0.0.1:8090";
  int timeout_ms = 5000;
};

void add_ping_command(CLI::App& app, const global_options& global, int& exit_code);

}  // namespace whippet::cli
