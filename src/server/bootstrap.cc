#include "server/bootstrap.h"

#include <optional>

#include "base/log.h"
#include "metadata/catalog.h"
#include "server/auth/password.h"

namespace whippet::server {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view k_default_root_username = "iggy";

std::optional<std::string> env_value(const config::environment& env, const std::string& name) {
  for (const char* prefix : {"WHIPPET_", "IGGY_"}) {
    auto it = env.find(prefix + name);
    if (it != env.end()) return it->second;
  }
  return std::nullopt;
}

}  // namespace

result<void, std::string> prepare_data_directory(const fs::path& path) {
  std::error_code ec;
  for (const char* sub : {"state", "streams", "runtime"}) {
    fs::create_directories(path / sub, ec);
    if (ec) return fail("cannot create data directory " + (path / sub).string() + ": " + ec.message());
  }
  return {};
}

result<root_credentials, std::string> make_root_credentials(const config::environment& env,
                                                            const bootstrap_options& options) {
  const auto user = env_value(env, "ROOT_USERNAME");
  const auto pass = env_value(env, "ROOT_PASSWORD");
  if (user.has_value() != pass.has_value())
    return fail(std::string("WHIPPET_ROOT_USERNAME and WHIPPET_ROOT_PASSWORD must be set together"));

  std::string username(k_default_root_username);
  std::string password;
  bool generated = false;
  if (user) {
    username = *user;
    password = *pass;
  } else if (options.default_root_credentials) {
    password = "iggy";
  } else {
    password = auth::random_password(24);
    generated = true;
  }
  if (!metadata::valid_username(username))
    return fail("root username '" + username + "' must be 3 to 50 characters long");
  if (!metadata::valid_password(password)) return fail(std::string("root password must be 3 to 100 characters long"));

  auto hash = auth::hash_password(password);
  if (!hash) return fail(std::string("cannot hash the root password (argon2id)"));
  if (generated) {
    log::warn("first start: created root user '{}' with generated password '{}' (shown only once; "
              "set WHIPPET_ROOT_USERNAME and WHIPPET_ROOT_PASSWORD before the first start to choose them)",
              username, password);
  } else {
    log::info("first start: created root user '{}'", username);
  }
  return root_credentials{username, *hash};
}

}  // namespace whippet::server
