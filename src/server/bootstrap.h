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
};

struct root_credentials {
  std::string username;
  std::string password_hash;  // Argon2id
};

result<void, std::string> prepare_data_directory(const std::filesystem::path& path);

// Hashes the chosen password and logs how the root user was made.
result<root_credentials, std::string> make_root_credentials(const config::environment& env,
                                                            const bootstrap_options& options);

}  // namespace whippet::server
