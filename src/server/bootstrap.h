#pragma once
// bootstrap: prepares the data directory before the server serves anyone.
// On first start (no state yet) it creates the root user from
// WHIPPET_ROOT_USERNAME/WHIPPET_ROOT_PASSWORD (or the IGGY_ names), or with a
// generated password that is printed once. Durable when it returns.

#include <filesystem>
#include <string>

#include "base/result.h"
#include "config/server_config.h"

namespace whippet::server {

struct bootstrap_options {
  bool default_root_credentials = false;  // iggy/iggy, for development
};

struct bootstrap_outcome {
  bool first_start = false;
  std::string root_username;
};

result<bootstrap_outcome, std::string> bootstrap_data_directory(const std::filesystem::path& path,
                                                                const config::environment& env,
                                                                const bootstrap_options& options);

}  // namespace whippet::server
