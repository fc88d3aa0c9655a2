#include "server/bootstrap.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "base/log.h"
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

// Writes `content` to `path` durably: temp file, fsync, rename, fsync of the directory.
result<void, std::string> write_file_durably(const fs::path& path, const std::string& content) {
  const fs::path tmp = path.string() + ".tmp";
  const auto error = [&](std::string_view what) {
    return fail(std::string(what) + " " + tmp.string() + ": " + std::strerror(errno));
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return error("cannot create");
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return error("cannot write");
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return error("cannot fsync");
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return error("cannot rename");
  const int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

}  // namespace

result<bootstrap_outcome, std::string> bootstrap_data_directory(const fs::path& path, const config::environment& env,
                                                                const bootstrap_options& options) {
  std::error_code ec;
  for (const char* sub : {"state", "streams", "runtime"}) {
    fs::create_directories(path / sub, ec);
    if (ec) return fail("cannot create data directory " + (path / sub).string() + ": " + ec.message());
  }

  bootstrap_outcome out;
  const fs::path root_file = path / "state" / "root_user";
  if (fs::exists(root_file)) return out;
  out.first_start = true;

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
  if (username.size() < 3 || username.size() > 50)
    return fail("root username '" + username + "' must be 3 to 50 characters long");
  if (password.size() < 3 || password.size() > 100)
    return fail(std::string("root password must be 3 to 100 characters long"));

  auto hash = auth::hash_password(password);
  if (!hash) return fail(std::string("cannot hash the root password (argon2id)"));
  if (auto r = write_file_durably(root_file, username + "\n" + *hash + "\n"); !r) return fail(r.error());

  out.root_username = username;
  if (generated) {
    log::warn("first start: created root user '{}' with generated password '{}' (shown only once; "
              "set WHIPPET_ROOT_USERNAME and WHIPPET_ROOT_PASSWORD before the first start to choose them)",
              username, password);
  } else {
    log::info("first start: created root user '{}'", username);
  }
  return out;
}

}  // namespace whippet::server
