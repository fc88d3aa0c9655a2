#include "session.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <toml++/toml.h>

#include "commands.h"

namespace whippet::cli {
namespace fs = std::filesystem;
namespace {

std::string errno_text() { return std::strerror(errno); }

// Writes `content` to `path` with mode 0600, through a temporary file and a rename.
void write_private_file(const fs::path& path, const std::string& content) {
  const fs::path dir = path.parent_path();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) command_error("cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  const fs::path tmp = path.string() + ".tmp";
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) command_error("cannot write " + tmp.string() + ": " + errno_text());
  bool ok = ::fchmod(fd, 0600) == 0;  // whatever the umask
  size_t done = 0;
  while (ok && done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ok = false;
    else done += static_cast<size_t>(n);
  }
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = errno_text();
    ::unlink(tmp.c_str());
    command_error("cannot write " + path.string() + ": " + why);
  }
}

std::optional<toml::table> read_toml(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  try {
    return toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    command_error("cannot read " + path.string() + ": " + std::string(e.description()) + " (fix or delete the file)");
  }
}

std::string get_string(const toml::table& t, std::string_view key) {
  return t[key].value<std::string>().value_or("");
}

void put_if_set(toml::table& t, std::string_view key, const std::string& v) {
  if (!v.empty()) t.insert_or_assign(key, v);
}

std::string to_text(const toml::table& t) {
  std::ostringstream os;
  os << t << '\n';
  return os.str();
}

}  // namespace

std::optional<fs::path> find_config_dir() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg == '/') return fs::path(xdg) / "whippet";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return fs::path(home) / ".config" / "whippet";
  return std::nullopt;
}

fs::path config_dir() {
  if (auto dir = find_config_dir()) return *dir;
  command_error("cannot find a configuration folder: set HOME or XDG_CONFIG_HOME");
}

fs::path session_path() { return config_dir() / "session"; }
fs::path contexts_path() { return config_dir() / "contexts.toml"; }

std::optional<session_data> load_session() {
  const auto dir = find_config_dir();
  if (!dir) return std::nullopt;  // nowhere to keep one
  auto t = read_toml(*dir / "session");
  if (!t) return std::nullopt;
  session_data s{get_string(*t, "address"), get_string(*t, "username"), get_string(*t, "token_name"),
                 get_string(*t, "token")};
  if (s.address.empty() || s.token.empty()) return std::nullopt;
  return s;
}

void save_session(const session_data& s) {
  toml::table t;
  t.insert_or_assign("address", s.address);
  put_if_set(t, "username", s.username);
  put_if_set(t, "token_name", s.token_name);
  t.insert_or_assign("token", s.token);
  write_private_file(session_path(), to_text(t));
}

bool remove_session() {
  const auto dir = find_config_dir();
  if (!dir) return false;
  const fs::path path = *dir / "session";
  std::error_code ec;
  const bool removed = fs::remove(path, ec);
  if (ec) command_error("cannot remove " + path.string() + ": " + ec.message());
  return removed;
}

const context_data* context_store::find(const std::string& name) const {
  for (const auto& c : contexts)
    if (c.name == name) return &c;
  return nullptr;
}

context_store load_contexts() {
  context_store store;
  const auto dir = find_config_dir();
  if (!dir) return store;
  auto t = read_toml(*dir / "contexts.toml");
  if (!t) return store;
  store.current = get_string(*t, "current");
  if (const auto* all = (*t)["contexts"].as_table()) {
    for (const auto& [key, node] : *all) {
      const auto* c = node.as_table();
      if (c == nullptr) continue;
      store.contexts.push_back(context_data{std::string(key.str()), get_string(*c, "address"),
                                            get_string(*c, "username"), get_string(*c, "password"),
                                            get_string(*c, "token")});
    }
  }
  return store;
}

void save_contexts(const context_store& store) {
  toml::table t;
  put_if_set(t, "current", store.current);
  toml::table all;
  for (const auto& c : store.contexts) {
    toml::table entry;
    entry.insert_or_assign("address", c.address);
    put_if_set(entry, "username", c.username);
    put_if_set(entry, "password", c.password);
    put_if_set(entry, "token", c.token);
    all.insert_or_assign(c.name, std::move(entry));
  }
  t.insert_or_assign("contexts", std::move(all));
  write_private_file(contexts_path(), to_text(t));
}

std::optional<context_data> find_context(const context_store& store, const std::string& name) {
  if (const auto* c = store.find(name)) return *c;
  if (name == default_context) return context_data{default_context, default_address, "", "", ""};
  return std::nullopt;
}

}  // namespace whippet::cli
