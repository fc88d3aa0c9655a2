#pragma once
// child_process: spawns a binary with its output captured to a file, and
// always stops it by PID (SIGTERM, then SIGKILL after a bounded wait).

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace whippet::testkit {

struct process_options {
  std::vector<std::string> args;
  std::map<std::string, std::string> env;  // added to (or replacing in) the current environment
  std::filesystem::path working_dir;       // empty: the current one
};

class child_process {
 public:
  // Output (stdout and stderr) goes to `log_file`.
  child_process(const std::filesystem::path& binary, const process_options& options,
                const std::filesystem::path& log_file);
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  pid_t pid() const { return pid_; }
  std::string output() const;

  // Waits until the output contains `needle` and returns the rest of its line, or nullopt on timeout or exit.
  std::optional<std::string> wait_for_output(const std::string& needle, std::chrono::milliseconds timeout) const;
  // Waits for the process to exit on its own; returns its exit status (128+signal if killed).
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  // SIGTERM, wait up to `grace`, then SIGKILL. Returns the exit status.
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(10));
  void kill_now();  // SIGKILL and reap
  bool running();

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path log_file_;
};

struct run_result {
  int exit_code = -1;
  std::string output;
};

// Runs a command to completion (bounded by `timeout`, then killed) and returns its output.
run_result run_command(const std::filesystem::path& binary, const process_options& options,
                       std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace whippet::testkit
