#pragma once
// bootstrap: prepares the data directory before the server serves anyone, and
// decides the root user's credentials for a first start: from
// WHIPPET_ROOT_USERNAME/WHIPPET_ROOT_PASSWORD (or the IGGY_ names), iggy/iggy
// on request, or a generated password that is printed once.

#include <filesystem>
#include <string>

#include "base/result.h"
#include "config/server_config.h"

namespace whippet::server {

struct bootstrap_options {
  bool default_root_credentials = false;  // iggy/iggy, for development
  // Where a generated root password is written when there is no terminal to
  // show it on (a log file must never hold it).
  std::filesystem::path data_directory;
};

struct root_credentials {
  std::string username;
  std::string password_hash;  // Argon2id
};

// The layout of the data directory (<path>/format): streams, state, offsets.
inline constexpr int data_format_version = 1;

// An exclusive lock on a data directory (flock on <path>/.lock, which holds
// the owner's PID), held for as long as the object lives: one server per
// data directory. Move-only.
class data_directory_lock {
 public:
  data_directory_lock(data_directory_lock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  data_directory_lock& operator=(data_directory_lock&&) = delete;
  ~data_directory_lock();

 private:
  friend result<data_directory_lock, std::string> prepare_data_directory(const std::filesystem::path& path);

  explicit data_directory_lock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// Creates the data directory's folders and locks it; fails, naming the
// holder's PID, when another process holds the lock, and refuses a directory
// in another format (older without a 'format' file, or newer).
result<data_directory_lock, std::string> prepare_data_directory(const std::filesystem::path& path);

// Hashes the chosen password and logs how the root user was made.
result<root_credentials, std::string> make_root_credentials(const config::environment& env,
                                                            const bootstrap_options& options);

// Every open segment holds two descriptors (log and index): raises the
// process's open-file limit as far as it may (to the kernel's maximum with
// CAP_SYS_RESOURCE, else to the hard limit). Returns the limit now in force.
uint64_t raise_open_file_limit();

}  // namespace whippet::server
