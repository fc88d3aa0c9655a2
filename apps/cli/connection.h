#pragma once
// Connecting to the server and logging in, and turning a failed request into
// one clear error line.
//
// The address and credentials come, in this order of preference, from:
//   1. the command line or environment (--address, -u/-p or --token);
//   2. the session saved by `whippet login` (used for the session's address);
//   3. the context (--context NAME, else the one chosen by `context use`).

#include <string>

#include "client/client.h"
#include "commands.h"

namespace whippet::cli {

// What a request was about, to name it when it fails.
struct target {
  // Members have initializers so that designated initializers may skip them.
  std::string action = {};  // "delete stream 7": used when no better sentence fits the status
  std::string stream = {};
  std::string topic = {};
  std::string partition = {};
  std::string group = {};
  std::string user = {};
  std::string token = {};
  std::string name = {};  // a name being created or given, for "already exists"
};

// The error line (without "error: ") for a failed request.
std::string describe_failure(const client::error& e, const target& t);
[[noreturn]] void throw_failure(const client::error& e, const target& t);

template <typename T>
T check(result<T, client::error> r, const target& t) {
  if (!r) throw_failure(r.error(), t);
  return std::move(*r);
}
inline void check(result<void, client::error> r, const target& t) {
  if (!r) throw_failure(r.error(), t);
}

struct endpoint {
  std::string address;
  std::string username, password;  // a password login when username is set
  std::string token;               // else a token login when set
  std::string source;              // where the credentials came from, for messages
};

// Resolves address and credentials (throws cli_error on a bad context or option mix).
endpoint resolve_endpoint(const global_options& g);

client::client_options client_options_for(const global_options& g);
// Connects to `address` without logging in.
client::client connect_only(const global_options& g, const std::string& address);
// Connects and logs in with the resolved credentials.
client::client connect(const global_options& g);

}  // namespace whippet::cli
