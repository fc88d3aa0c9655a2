#pragma once
// The server's configuration as typed values. Loaded once at start-up from the
// embedded defaults (src/config/server.toml), an optional file and the
// environment, then passed by value to whoever needs a part of it.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/log.h"
#include "base/result.h"
#include "config/units.h"

namespace whippet::config {

struct tcp_config {
  bool enabled = true;
  socket_address address;
  uint32_t max_control_frame_size = 0;
  uint32_t max_send_messages_frame_size = 0;
  std::chrono::milliseconds request_timeout{0};
  uint32_t max_login_frame_size = 16 * 1024;
  uint32_t max_connections = 10000;
  uint32_t max_connections_per_ip = 1000;
  std::chrono::milliseconds login_timeout{10000};
  std::optional<std::chrono::milliseconds> idle_timeout;  // none = never
  std::chrono::milliseconds reply_timeout{30000};
  uint64_t request_memory_budget = 256ull << 20;  // per shard
  bool socket_migration = true;
};

struct storage_settings {
  uint64_t segment_size = 1ull << 30;
  uint32_t index_interval = 4096;
  uint64_t preallocate = 32ull << 20;  // the active segment grows by this much; 0 = as written
  bool direct_io = false;              // appends bypass the page cache (O_DIRECT)
  uint64_t tail_cache = 64ull << 20;   // with direct_io: recent appends kept in memory, per shard
  bool enforce_fsync = false;
  bool message_saver_enabled = true;
  std::chrono::milliseconds message_saver_interval{30000};
  std::optional<std::chrono::microseconds> default_message_expiry;  // none = never
  std::optional<uint64_t> default_max_topic_size;                   // none = unlimited
  bool cleaner_enabled = true;
  std::chrono::milliseconds cleaner_interval{60000};
  bool dedup_enabled = false;
  uint64_t dedup_max_entries = 10000;
  std::chrono::microseconds dedup_expiry{60'000'000};
  bool state_fsync = false;
};

struct server_config {
  std::filesystem::path system_path;
  log::level log_level = log::level::info;
  unsigned shard_count = 1;
  tcp_config tcp;
  storage_settings storage;
  uint32_t max_tokens_per_user = 100;
  uint32_t auth_threads = 2;
  uint32_t max_concurrent_logins = 32;

  // Things worth telling the operator that are not errors (an IGGY_ variable
  // with no Whippet counterpart, for instance).
  std::vector<std::string> warnings;
};

struct config_error {
  std::string message;
};

using environment = std::map<std::string, std::string>;

// The process environment as a map (from environ).
environment process_environment();

// The default configuration embedded in the binary, as TOML text.
std::string_view default_config_toml();

// Defaults, then `file` (if given), then WHIPPET_/IGGY_ variables from `env`.
// Unknown keys, wrong types and bad values are errors that name the key.
result<server_config, config_error> load_server_config(const std::optional<std::filesystem::path>& file,
                                                       const environment& env);

// Every configuration key as "section.sub.key", in file order.
std::vector<std::string> known_keys();

}  // namespace whippet::config
