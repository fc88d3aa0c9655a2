#pragma once
// Files under $XDG_CONFIG_HOME/whippet (else ~/.config/whippet), both TOML and
// both written with mode 0600 (they hold secrets) in a 0700 folder:
//
//   session        the login saved by `whippet login`: the server address, the
//                  user, and the personal access token created for the session
//                     address = "127.0.0.1:8090"
//                     username = "iggy"
//                     token_name = "whippet-cli-host-1712345678"
//                     token = "..."
//
//   contexts.toml  named server profiles and the one in use
//                     current = "staging"
//                     [contexts.staging]
//                     address = "10.0.0.5:8090"
//                     username = "ops"        # optional
//                     password = "..."        # optional
//                     token = "..."           # optional
//
// The context "default" always exists: the default address, no credentials.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace whippet::cli {

inline constexpr const char* default_context = "default";

// Without HOME or XDG_CONFIG_HOME there is no folder: loading finds nothing, saving fails.
std::optional<std::filesystem::path> find_config_dir();
std::filesystem::path config_dir();
std::filesystem::path session_path();
std::filesystem::path contexts_path();

struct session_data {
  std::string address;
  std::string username;
  std::string token_name;
  std::string token;
};

std::optional<session_data> load_session();
void save_session(const session_data& s);
// True if there was a session file to remove.
bool remove_session();

struct context_data {
  std::string name;
  std::string address;
  std::string username;
  std::string password;
  std::string token;
};

struct context_store {
  std::string current;                // empty: "default"
  std::vector<context_data> contexts;  // the named ones, not "default"

  const context_data* find(const std::string& name) const;
};

context_store load_contexts();
void save_contexts(const context_store& store);
// The context `name` ("default" included), or nullopt if there is none.
std::optional<context_data> find_context(const context_store& store, const std::string& name);

}  // namespace whippet::cli
