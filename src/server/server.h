#pragma once
// server: the whippet-server process. Owns the shard pool, the TCP listener
// and the signal handling; nothing here is global, so tests can run several.
//
// Lifecycle: construct with a loaded configuration, start() (binds; reports
// the bound address), run() (blocks until SIGINT/SIGTERM or request_stop()).

#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "config/server_config.h"
#include "server/bootstrap.h"
#include "storage/file.h"

namespace whippet::server {

class broker;

class server {
 public:
  // `fs`: the storage seam (tests pass one that injects faults or slowness).
  explicit server(config::server_config cfg, storage::file_system& fs = storage::posix_file_system());
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Prepares the data directory, loads the state (creating the root user from
  // make_root() on a first start), opens the partitions and binds the
  // listeners. On success the bound TCP address is known.
  result<void, std::string> start(const std::function<result<root_credentials, std::string>()>& make_root);
  std::string tcp_address() const;

  // Serves until a stop is requested, then shuts down gracefully.
  void run();
  // Thread-safe.
  void request_stop();

  // Diagnostics (any thread, once started): hops of requests from one shard
  // to another, and connections moved to the shard of their data.
  uint64_t cross_shard_hops() const;
  uint64_t connections_moved() const;

  // The broker, for front doors in the same process and for tests that call
  // the command layer (server/commands/) directly. Its coroutines run on the
  // shards: post them to broker().pool().
  class broker& broker() noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace whippet::server
