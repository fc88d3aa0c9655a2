#include "server/bootstrap.h"

#include <sys/resource.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>

#include "base/log.h"
#include "metadata/catalog.h"
#include "server/auth/password.h"

namespace whippet::server {

uint64_t raise_open_file_limit() {
  rlimit now{};
  if (::getrlimit(RLIMIT_NOFILE, &now) != 0) return 0;
  uint64_t kernel_max = 1 << 20;
  if (std::ifstream in("/proc/sys/fs/nr_open"); in) in >> kernel_max;
  rlimit want{static_cast<rlim_t>(kernel_max), static_cast<rlim_t>(kernel_max)};
  if (now.rlim_max < want.rlim_max && ::setrlimit(RLIMIT_NOFILE, &want) == 0) return want.rlim_cur;
  want = {now.rlim_max, now.rlim_max};
  if (now.rlim_cur < now.rlim_max && ::setrlimit(RLIMIT_NOFILE, &want) == 0) return want.rlim_cur;
  return now.rlim_cur;
}
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

namespace {
// <path>/format says which layout the directory holds: "whippet-data N".
// A new directory gets the current one; any other is refused, never misread.
result<void, std::string> check_data_format(const fs::path& path) {
  const fs::path file = path / "format";
  const std::string expected = "whippet-data " + std::to_string(data_format_version);
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    if (fs::exists(path / "state" / "log", ec) || fs::exists(path / "state" / "snapshot", ec) ||
        fs::exists(path / "streams", ec))
      return fail("data directory " + path.string() +
                  " was written by a Whippet without format versions (no 'format' file); this server reads " +
                  expected + " only");
    const fs::path tmp = path / "format.tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const std::string line = expected + "\n";
    const bool ok = fd >= 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                    ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0)
      return fail("cannot write " + file.string() + ": " + std::strerror(errno));
    if (const int dfd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
    return {};
  }
  std::ifstream in(file);
  std::string word;
  long long version = -1;
  in >> word >> version;
  if (word != "whippet-data" || version < 0)
    return fail(file.string() + " is not a Whippet data-format file (expected '" + expected + "')");
  if (version != data_format_version)
    return fail("data directory " + path.string() + " has format " + std::to_string(version) +
                "; this server reads format " + std::to_string(data_format_version) +
                (version > data_format_version ? " (it was written by a newer Whippet)" : ""));
  return {};
}
}  // namespace

data_directory_lock::~data_directory_lock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

result<data_directory_lock, std::string> prepare_data_directory(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return fail("cannot create data directory " + path.string() + ": " + ec.message());
  const fs::path lock_path = path / ".lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot open " + lock_path.string() + ": " + std::strerror(errno));
  data_directory_lock lock(fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    if (err != EWOULDBLOCK) return fail("cannot lock " + lock_path.string() + ": " + std::strerror(err));
    char buf[32] = {};
    const ssize_t n = ::pread(fd, buf, sizeof(buf) - 1, 0);
    std::string holder = n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    return fail("data directory " + path.string() + " is in use by another whippet-server" +
                (holder.empty() ? std::string() : " (PID " + holder + ")"));
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()))
    return fail("cannot write " + lock_path.string() + ": " + std::strerror(errno));
  if (auto r = check_data_format(path); !r) return fail(r.error());
  for (const char* sub : {"state", "streams", "runtime"}) {
    fs::create_directories(path / sub, ec);
    if (ec) return fail("cannot create data directory " + (path / sub).string() + ": " + ec.message());
  }
  // The data directory's entries, and its own entry in its parent, on disk.
  for (const fs::path& dir : {path, path.parent_path().empty() ? fs::path(".") : path.parent_path()}) {
    if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
  }
  return lock;
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
    // The password goes to the terminal, never into the log (which is often
    // a persisted file); without a terminal, to a file only its owner can read.
    const std::string notice = "whippet-server: created root user '" + username + "' with generated password '" +
                               password + "' (shown only once)\n";
    bool shown = false;
    if (::isatty(STDOUT_FILENO)) {
      shown = std::fwrite(notice.data(), 1, notice.size(), stdout) == notice.size() && std::fflush(stdout) == 0;
    } else if (const int tty = ::open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC); tty >= 0) {
      shown = ::write(tty, notice.data(), notice.size()) == static_cast<ssize_t>(notice.size());
      ::close(tty);
    }
    if (shown) {
      log::warn("first start: created root user '{}' with a generated password, shown on the terminal only; "
                "set WHIPPET_ROOT_USERNAME and WHIPPET_ROOT_PASSWORD before the first start to choose them",
                username);
    } else {
      const fs::path file = options.data_directory / "root_password";
      const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      const std::string line = password + "\n";
      if (fd < 0 || ::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        if (fd >= 0) ::close(fd);
        return fail("no terminal to show the generated root password on, and cannot write " + file.string() +
                    "; set WHIPPET_ROOT_USERNAME and WHIPPET_ROOT_PASSWORD");
      }
      ::close(fd);
      log::warn("first start: created root user '{}' with a generated password, written to {} (readable by its "
                "owner only; delete it once read). Set WHIPPET_ROOT_USERNAME and WHIPPET_ROOT_PASSWORD before the "
                "first start to choose them",
                username, file.string());
    }
  } else {
    log::info("first start: created root user '{}'", username);
  }
  return root_credentials{username, *hash};
}

}  // namespace whippet::server
