#pragma once
// server_process: whippet-server spawned in its own temporary data directory
// on a free loopback port, stopped by its PID when the object goes away.
// restart() stops it and starts it again on the same data directory and address.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.h"
#include "support/temp_dir.h"

namespace whippet::testkit {

class server_process {
 public:
  // `launcher`, when given, runs the server: {"/usr/bin/prlimit", "--nofile=64:64"} starts
  // "prlimit --nofile=64:64 whippet-server ARGS" (prlimit execs it: the PID is the server's).
  explicit server_process(std::map<std::string, std::string> extra_env = {}, std::vector<std::string> args = {},
                          std::vector<std::string> launcher = {})
      : extra_env_(std::move(extra_env)), args_(std::move(args)), launcher_(std::move(launcher)) {
    start();
  }

  void start() {
    std::map<std::string, std::string> env = {
        {"WHIPPET_SYSTEM_PATH", (dir_.path() / "data").string()},
        {"WHIPPET_TCP_ADDRESS", "127.0.0.1:0"},
        {"WHIPPET_SYSTEM_SHARDING_CPU_ALLOCATION", "2"},
        {"WHIPPET_ROOT_USERNAME", "iggy"},
        {"WHIPPET_ROOT_PASSWORD", "iggy"},
    };
    for (auto& [k, v] : extra_env_) env[k] = v;
    if (!address_.empty()) env["WHIPPET_TCP_ADDRESS"] = address_;  // a restart keeps its address
    ++runs_;
    std::string binary = WHIPPET_SERVER_BIN;
    std::vector<std::string> args = args_;
    if (!launcher_.empty()) {
      args.insert(args.begin(), binary);
      args.insert(args.begin(), launcher_.begin() + 1, launcher_.end());
      binary = launcher_.front();
    }
    process_ = std::make_unique<child_process>(binary, process_options{args, env, {}},
                                               dir_.path() / ("server-" + std::to_string(runs_) + ".log"));
    auto line = process_->wait_for_output("listening on TCP ", std::chrono::seconds(30));
    address_ = line.value_or("");
  }

  int stop() { return process_->stop(); }
  void kill() { process_->kill_now(); }
  void restart() {
    stop();
    start();
  }

  const std::string& address() const { return address_; }
  child_process& process() { return *process_; }
  const temp_dir& dir() const { return dir_; }

 private:
  temp_dir dir_;
  std::map<std::string, std::string> extra_env_;
  std::vector<std::string> args_;
  std::vector<std::string> launcher_;
  std::unique_ptr<child_process> process_;
  std::string address_;
  int runs_ = 0;
};

}  // namespace whippet::testkit
