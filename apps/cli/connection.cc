#include "connection.h"

#include <cstdlib>

#include "protocol/binary/status.h"
#include "session.h"
#include "terminal.h"

namespace whippet::cli {
namespace {

using bin_status = protocol::binary::status;

std::string or_default(const std::string& v, const char* fallback) { return v.empty() ? fallback : v; }

// A sentence for the statuses a user can act on, or empty.
std::string sentence_for(uint32_t code, const target& t) {
  const std::string in_stream = t.stream.empty() ? "" : " in stream " + t.stream;
  const std::string in_topic = t.topic.empty() ? "" : " in topic " + t.topic + in_stream;
  switch (static_cast<bin_status>(code)) {
    case bin_status::stream_id_not_found:
    case bin_status::stream_name_not_found: return "stream " + or_default(t.stream, "?") + " not found";
    case bin_status::stream_name_already_exists: return "a stream named '" + t.name + "' already exists";
    case bin_status::topic_id_not_found:
    case bin_status::topic_name_not_found: return "topic " + or_default(t.topic, "?") + " not found" + in_stream;
    case bin_status::topic_name_already_exists: return "a topic named '" + t.name + "' already exists" + in_stream;
    case bin_status::partition_not_found:
      return (t.partition.empty() ? std::string("partition") : "partition " + t.partition) + " not found" + in_topic;
    case bin_status::no_partitions: return "topic " + or_default(t.topic, "?") + " has no partitions" + in_stream;
    case bin_status::consumer_group_id_not_found:
    case bin_status::consumer_group_name_not_found:
      return "consumer group " + or_default(t.group, "?") + " not found" + in_topic;
    case bin_status::consumer_group_name_already_exists:
      return "a consumer group named '" + t.name + "' already exists" + in_topic;
    case bin_status::consumer_group_member_not_found: return "not a member of consumer group " + t.group + in_topic;
    case bin_status::resource_not_found:
      if (!t.user.empty()) return "user " + t.user + " not found";
      return "cannot " + t.action + ": not found";
    case bin_status::user_already_exists: return "a user named '" + t.name + "' already exists";
    case bin_status::user_inactive: return "user " + or_default(t.user, "") + " is inactive";
    case bin_status::unauthenticated:
      return "cannot " + t.action +
             ": not logged in (give --username and --password, or --token, or run `whippet login` first)";
    case bin_status::unauthorized: return "permission denied: cannot " + t.action;
    case bin_status::invalid_credentials: return "invalid credentials: wrong username or password";
    case bin_status::invalid_username: return "cannot " + t.action + ": invalid username (3 to 50 characters)";
    case bin_status::invalid_password: return "cannot " + t.action + ": invalid password (3 to 100 characters)";
    case bin_status::cannot_delete_user: return "cannot " + t.action + ": the root user cannot be deleted";
    case bin_status::cannot_change_permissions:
      return "cannot " + t.action + ": the root user's permissions cannot change";
    case bin_status::pat_already_exists: return "a personal access token named '" + t.name + "' already exists";
    case bin_status::pats_limit_reached: return "cannot " + t.action + ": too many personal access tokens";
    case bin_status::invalid_personal_access_token:
      return t.token.empty() ? "invalid personal access token" : "personal access token " + t.token + " not found";
    case bin_status::pat_expired: return "the personal access token has expired";
    case bin_status::client_not_found: return "client not found";
    case bin_status::segment_not_found: return "segment not found" + in_topic;
    case bin_status::invalid_offset: return "cannot " + t.action + ": offset out of range";
    case bin_status::too_many_partitions: return "cannot " + t.action + ": too many partitions";
    case bin_status::empty_message_payload: return "cannot " + t.action + ": empty message payload";
    case bin_status::too_big_message_payload: return "cannot " + t.action + ": message payload too big";
    case bin_status::too_big_user_headers: return "cannot " + t.action + ": message headers too big";
    case bin_status::topic_full: return "cannot " + t.action + ": topic " + t.topic + " is full";
    default: return "";
  }
}

}  // namespace

std::string describe_failure(const client::error& e, const target& t) {
  if (e.code == client::errc::server_error) {
    std::string text = sentence_for(e.status, t);
    if (text.empty()) text = "cannot " + t.action;
    return text + " (server status " + std::to_string(e.status) + " " +
           std::string(protocol::binary::status_name(e.status)) + ")";
  }
  return "cannot " + t.action + ": " + e.message;
}

void throw_failure(const client::error& e, const target& t) { command_error(describe_failure(e, t)); }

endpoint resolve_endpoint(const global_options& g) {
  if (!g.token.empty() && (!g.username.empty() || !g.password.empty()))
    usage_error("give either --token or --username/--password, not both");
  if (!g.password.empty() && g.username.empty()) usage_error("--password needs --username");

  const context_store store = load_contexts();
  std::string context_name = g.context;
  if (context_name.empty()) context_name = store.current.empty() ? default_context : store.current;
  const auto context = find_context(store, context_name);
  if (!context) {
    if (!g.context.empty()) usage_error("unknown context '" + context_name + "' (see `whippet context list`)");
    command_error("the context in use, '" + context_name + "', does not exist: run `whippet context use default`");
  }
  const bool named_context = context->name != default_context;
  const auto session = load_session();

  endpoint ep;
  if (!g.address.empty()) ep.address = g.address;
  else if (named_context) ep.address = context->address;
  else if (session) ep.address = session->address;
  else ep.address = default_address;

  if (!g.username.empty()) {
    ep.username = g.username;
    ep.password = g.password;
    if (ep.password.empty()) {
      auto typed = stdin_is_terminal() ? read_secret("password for " + g.username + ": ") : std::nullopt;
      if (!typed) usage_error("--username needs --password (or WHIPPET_PASSWORD)");
      ep.password = *typed;
    }
    ep.source = "the command line";
  } else if (!g.token.empty()) {
    ep.token = g.token;
    ep.source = "--token";
  } else if (session && session->address == ep.address) {
    ep.token = session->token;
    ep.source = "the session saved by `whippet login`";
  } else if (!context->username.empty()) {
    ep.username = context->username;
    ep.password = context->password;
    ep.source = "context '" + context->name + "'";
  } else if (!context->token.empty()) {
    ep.token = context->token;
    ep.source = "context '" + context->name + "'";
  }
  return ep;
}

client::client_options client_options_for(const global_options& g) {
  client::client_options options;
  options.connect_timeout = std::chrono::milliseconds(g.timeout_ms);
  options.request_timeout = std::chrono::milliseconds(g.timeout_ms);
  options.reconnect_attempts = 0;  // one command, one connection: fail fast
  return options;
}

client::client connect_only(const global_options& g, const std::string& address) {
  auto c = client::client::connect(address, client_options_for(g));
  if (!c) {
    if (c.error().code == client::errc::invalid_address) usage_error(c.error().message);
    command_error("no server answered at " + address + ": " + c.error().message);
  }
  return std::move(*c);
}

client::client connect(const global_options& g) {
  const endpoint ep = resolve_endpoint(g);
  client::client c = connect_only(g, ep.address);
  if (!ep.username.empty()) {
    auto r = c.login_user(ep.username, ep.password);
    if (!r) {
      target t{.action = "log in as " + ep.username, .user = "'" + ep.username + "'"};
      command_error(describe_failure(r.error(), t) + " [credentials from " + ep.source + "]");
    }
  } else if (!ep.token.empty()) {
    auto r = c.login_with_personal_access_token(ep.token);
    if (!r) {
      target t{.action = "log in with a personal access token"};
      command_error(describe_failure(r.error(), t) + " [credentials from " + ep.source + "]");
    }
  }
  return c;
}

}  // namespace whippet::cli
