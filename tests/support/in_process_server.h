#pragma once
// in_process_server: a whippet server in the test's own process, on a
// temporary data directory and a free loopback port, over a storage seam the
// test chooses (faults, slow syncs), which a spawned server cannot be given.
// Serves on its own thread from construction until destruction.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "config/server_config.h"
#include "server/auth/password.h"
#include "server/server.h"
#include "storage/file.h"
#include "support/temp_dir.h"

namespace whippet::testkit {

class in_process_server {
 public:
  // `env`: configuration variables (WHIPPET_...) over the embedded defaults.
  explicit in_process_server(storage::file_system& fs, std::map<std::string, std::string> env = {}) {
    env.try_emplace("WHIPPET_SYSTEM_PATH", (dir_.path() / "data").string());
    env.try_emplace("WHIPPET_TCP_ADDRESS", "127.0.0.1:0");
    env.try_emplace("WHIPPET_SYSTEM_SHARDING_CPU_ALLOCATION", "2");
    auto cfg = config::load_server_config(std::nullopt, config::environment(env.begin(), env.end()));
    if (!cfg) {
      ADD_FAILURE() << "configuration: " << cfg.error().message;
      return;
    }
    server_ = std::make_unique<server::server>(std::move(*cfg), fs);
    auto started = server_->start([]() -> result<server::root_credentials, std::string> {
      auto hash = server::auth::hash_password("iggy");
      if (!hash) return fail(std::string("cannot hash"));
      return server::root_credentials{"iggy", *hash};
    });
    if (!started) {
      ADD_FAILURE() << "start: " << started.error();
      server_.reset();
      return;
    }
    address_ = server_->tcp_address();
    thread_ = std::thread([this] {
      server_->run();
      stopped_ = true;
    });
  }

  ~in_process_server() {
    if (server_) server_->request_stop();
    if (thread_.joinable()) thread_.join();
  }
  in_process_server(const in_process_server&) = delete;
  in_process_server& operator=(const in_process_server&) = delete;

  // "127.0.0.1:<port>", or empty when the server did not start.
  const std::string& address() const noexcept { return address_; }
  std::filesystem::path data_path() const { return dir_.path() / "data"; }
  // The server itself, for its diagnostics (only while address() is set).
  server::server& get() { return *server_; }
  // Stops the server; false when it has not stopped within `limit`.
  bool stop_within(std::chrono::milliseconds limit) {
    if (!server_ || !thread_.joinable()) return true;
    server_->request_stop();
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!stopped_.load() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!stopped_.load()) return false;
    thread_.join();
    return true;
  }

 private:
  temp_dir dir_;
  std::unique_ptr<server::server> server_;
  std::string address_;
  std::atomic<bool> stopped_{false};
  std::thread thread_;
};

}  // namespace whippet::testkit
