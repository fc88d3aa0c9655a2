// whippet login (li), whippet logout (lo).
//
// login checks the credentials, creates a personal access token for the
// session and saves it (with the address) in the session file, mode 0600;
// later commands use it when no credentials are given. logout deletes the
// token on the server and the file.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <limits>

#include "client/client.h"
#include "commands.h"
#include "connection.h"
#include "output.h"
#include "parse.h"
#include "session.h"
#include "terminal.h"

namespace whippet::cli {
namespace {

struct login_args {
  std::string username, password, expiry;
};

std::string session_token_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') std::snprintf(host, sizeof(host), "host");
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::string name = "whippet-cli-" + std::string(host).substr(0, 64) + "-" + std::to_string(now);
  return name;
}

// Deletes a session's token on the server; returns an error text, or empty.
std::string revoke(const global_options& g, const session_data& old) {
  auto c = client::client::connect(old.address, client_options_for(g));
  if (!c) return "no server answered at " + old.address + ": " + c.error().message;
  if (auto r = c->login_with_personal_access_token(old.token); !r)
    return describe_failure(r.error(), {.action = "log in with the session's token"});
  if (old.token_name.empty()) return "";
  if (auto r = c->delete_personal_access_token(old.token_name); !r)
    return describe_failure(r.error(), {.action = "delete the session's token", .token = "'" + old.token_name + "'"});
  return "";
}

void run_login(const state& s, const login_args& a) {
  const global_options& g = s.global;
  global_options no_credentials = g;
  no_credentials.username.clear();
  no_credentials.password.clear();
  no_credentials.token.clear();
  const std::string address = resolve_endpoint(no_credentials).address;

  std::string username = !a.username.empty() ? a.username : g.username;
  std::string password = !a.password.empty() ? a.password : g.password;
  if (username.empty()) usage_error("give a username: `whippet login USERNAME PASSWORD` (or -u/-p)");
  if (password.empty()) {
    auto typed = stdin_is_terminal() ? read_secret("password for " + username + ": ") : std::nullopt;
    if (!typed) usage_error("give a password: `whippet login USERNAME PASSWORD` (or -p)");
    password = *typed;
  }
  uint64_t expiry = std::numeric_limits<uint64_t>::max();
  if (!a.expiry.empty()) expiry = parse_expiry(a.expiry, "--expiry");

  auto c = connect_only(g, address);
  check(c.login_user(username, password), {.action = "log in as " + username, .user = "'" + username + "'"});
  const std::string name = session_token_name();
  const std::string token =
      check(c.create_personal_access_token(name, expiry), {.action = "create a token for the session", .name = name});

  if (auto old = load_session(); old && old->address == address) {
    if (const auto why = revoke(g, *old); !why.empty())
      std::fprintf(stderr, "warning: could not delete the previous session's token: %s\n", why.c_str());
  }
  save_session({address, username, name, token});
  const std::string path = session_path().string();
  print_created(g.format(), "Logged in to " + address + " as " + username + "; session saved in " + path + ".",
                record()
                    .add("address", text_cell(address))
                    .add("username", text_cell(username))
                    .add("token_name", text_cell(name))
                    .add("session_file", text_cell(path)));
}

void run_logout(const state& s) {
  std::optional<session_data> session;
  try {
    session = load_session();
  } catch (const cli_error&) {
    // unreadable: removed below all the same
  }
  if (!session) {
    remove_session();  // an unreadable or partial file goes too
    print_done(s.global.format(), "Not logged in: there is no session to end.");
    return;
  }
  if (const auto why = revoke(s.global, *session); !why.empty())
    std::fprintf(stderr, "warning: could not delete the session's token on the server: %s\n", why.c_str());
  remove_session();
  print_done(s.global.format(), "Logged out of " + session->address + "; session removed.");
}

}  // namespace

void add_session_commands(CLI::App& app, state& s) {
  {
    auto* cmd = app.add_subcommand("login", "log in and keep the session for later commands");
    cmd->alias("li");
    auto a = make_args<login_args>();
    cmd->add_option("username", a->username, "user name (or -u)");
    cmd->add_option("password", a->password, "password (or -p; asked for on a terminal)");
    cmd->add_option("--expiry", a->expiry, "session lifetime: a duration (8h, 30d), or never (the default)");
    on_run(cmd, s, [&s, a] { run_login(s, *a); });
  }
  {
    auto* cmd = app.add_subcommand("logout", "end the session saved by `whippet login`");
    cmd->alias("lo");
    on_run(cmd, s, [&s] { run_logout(s); });
  }
}

}  // namespace whippet::cli
