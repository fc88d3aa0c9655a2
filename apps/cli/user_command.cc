// whippet user (u): create, delete, get, list, name, status, password, permissions.

#include <charconv>
#include <tuple>
#include <array>

#include "client/client.h"
#include "commands.h"
#include "connection.h"
#include "output.h"
#include "parse.h"
#include "terminal.h"
#include "views.h"

namespace whippet::cli {
namespace {

struct flag_def {
  const char* name;
  const char* short_name;  // the abbreviation Iggy's CLI uses
  bool bin::global_permissions::*field;
};

constexpr std::array<flag_def, 10> global_flags = {{
    {"manage_servers", "m_srv", &bin::global_permissions::manage_servers},
    {"read_servers", "r_srv", &bin::global_permissions::read_servers},
    {"manage_users", "m_usr", &bin::global_permissions::manage_users},
    {"read_users", "r_usr", &bin::global_permissions::read_users},
    {"manage_streams", "m_str", &bin::global_permissions::manage_streams},
    {"read_streams", "r_str", &bin::global_permissions::read_streams},
    {"manage_topics", "m_tpc", &bin::global_permissions::manage_topics},
    {"read_topics", "r_tpc", &bin::global_permissions::read_topics},
    {"poll_messages", "p_msg", &bin::global_permissions::poll_messages},
    {"send_messages", "s_msg", &bin::global_permissions::send_messages},
}};

std::string flag_help() {
  std::string out = "global permissions, comma-separated: all";
  for (const auto& f : global_flags) out += std::string(", ") + f.name;
  return out + " (or Iggy's abbreviations m_srv, r_srv, ...)";
}

bin::permissions parse_permissions(const std::vector<std::string>& flags) {
  bin::permissions p;
  for (const auto& flag : flags) {
    if (flag.empty()) continue;
    if (flag == "all") {
      for (const auto& f : global_flags) p.global.*(f.field) = true;
      continue;
    }
    bool known = false;
    for (const auto& f : global_flags) {
      if (flag == f.name || flag == f.short_name) {
        p.global.*(f.field) = true;
        known = true;
      }
    }
    if (!known) usage_error("unknown permission '" + flag + "' (" + flag_help() + ")");
  }
  return p;
}

// Per-stream permissions: "STREAM:flags[#TOPIC:flags]...", flags comma-separated.
// Stream flags: manage_stream (m_str), read_stream (r_str), manage_topics (m_tpc),
// read_topics (r_tpc), poll_messages (p_msg), send_messages (s_msg), all.
// Topic flags: manage_topic (m_tpc), read_topic (r_tpc), poll_messages (p_msg),
// send_messages (s_msg), all.
constexpr const char* k_stream_permissions_help =
    "per-stream permissions, repeatable: STREAM_ID:flags[#TOPIC_ID:flags]..., flags comma-separated "
    "(stream: manage_stream/m_str, read_stream/r_str, manage_topics/m_tpc, read_topics/r_tpc, "
    "poll_messages/p_msg, send_messages/s_msg, all; topic: manage_topic/m_tpc, read_topic/r_tpc, "
    "poll_messages/p_msg, send_messages/s_msg, all)";

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t at = text.find(sep, start);
    out.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

uint32_t parse_id_part(const std::string& text, const std::string& spec) {
  uint32_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
    usage_error("invalid id '" + text + "' in permissions '" + spec + "' (a numeric id is expected)");
  return v;
}

template <typename P, size_t N>
void set_flags(P& target, const std::string& list, const std::array<std::tuple<const char*, const char*, bool P::*>, N>& defs,
               const std::string& spec) {
  for (const auto& flag : split(list, ',')) {
    if (flag.empty()) continue;
    bool known = false;
    for (const auto& [name, short_name, field] : defs) {
      if (flag == "all" || flag == name || flag == short_name) {
        target.*field = true;
        known = true;
      }
    }
    if (!known) usage_error("unknown permission '" + flag + "' in '" + spec + "'");
  }
}

void add_stream_permissions(bin::permissions& p, const std::string& spec) {
  static const std::array<std::tuple<const char*, const char*, bool bin::stream_permissions::*>, 6> stream_flags = {{
      {"manage_stream", "m_str", &bin::stream_permissions::manage_stream},
      {"read_stream", "r_str", &bin::stream_permissions::read_stream},
      {"manage_topics", "m_tpc", &bin::stream_permissions::manage_topics},
      {"read_topics", "r_tpc", &bin::stream_permissions::read_topics},
      {"poll_messages", "p_msg", &bin::stream_permissions::poll_messages},
      {"send_messages", "s_msg", &bin::stream_permissions::send_messages},
  }};
  static const std::array<std::tuple<const char*, const char*, bool bin::topic_permissions::*>, 4> topic_flags = {{
      {"manage_topic", "m_tpc", &bin::topic_permissions::manage_topic},
      {"read_topic", "r_tpc", &bin::topic_permissions::read_topic},
      {"poll_messages", "p_msg", &bin::topic_permissions::poll_messages},
      {"send_messages", "s_msg", &bin::topic_permissions::send_messages},
  }};
  const auto parts = split(spec, '#');
  const auto head = split(parts[0], ':');
  if (head.size() > 2) usage_error("invalid stream permissions '" + spec + "'");
  auto& sp = p.streams[parse_id_part(head[0], spec)];
  if (head.size() == 2) set_flags(sp, head[1], stream_flags, spec);
  for (size_t i = 1; i < parts.size(); ++i) {
    const auto topic = split(parts[i], ':');
    if (topic.size() > 2) usage_error("invalid topic permissions in '" + spec + "'");
    auto& tp = sp.topics[parse_id_part(topic[0], spec)];
    if (topic.size() == 2) set_flags(tp, topic[1], topic_flags, spec);
  }
}

// Global flags and per-stream specs together; nullopt when neither is given.
std::optional<bin::permissions> permissions_from(const std::vector<std::string>& global,
                                                 const std::vector<std::string>& streams) {
  if (global.empty() && streams.empty()) return std::nullopt;
  bin::permissions p = global.empty() ? bin::permissions{} : parse_permissions(global);
  for (const auto& spec : streams) add_stream_permissions(p, spec);
  return p;
}

std::string list_flags(std::initializer_list<std::pair<const char*, bool>> flags) {
  std::string out;
  for (const auto& [name, on] : flags) {
    if (!on) continue;
    if (!out.empty()) out += ",";
    out += name;
  }
  return out.empty() ? "-" : out;
}

record permissions_into(record r, const std::optional<bin::permissions>& p) {
  json global = json::object();
  std::string text;
  if (p) {
    for (const auto& f : global_flags) {
      global[f.name] = p->global.*(f.field);
      if (p->global.*(f.field)) text += (text.empty() ? "" : ",") + std::string(f.name);
    }
  }
  r.add("permissions", json_cell(p ? global : json(), p ? (text.empty() ? "none" : text) : "none"));
  if (!p || p->streams.empty()) return r;
  std::vector<record> streams;
  for (const auto& [id, sp] : p->streams) {
    std::string topics;
    for (const auto& [tid, tp] : sp.topics) {
      topics += (topics.empty() ? "" : " ") + std::to_string(tid) + ":" +
                list_flags({{"manage_topic", tp.manage_topic},
                            {"read_topic", tp.read_topic},
                            {"poll_messages", tp.poll_messages},
                            {"send_messages", tp.send_messages}});
    }
    streams.push_back(record()
                          .add("stream_id", number_cell(id))
                          .add("permissions", text_cell(list_flags({{"manage_stream", sp.manage_stream},
                                                                    {"read_stream", sp.read_stream},
                                                                    {"manage_topics", sp.manage_topics},
                                                                    {"read_topics", sp.read_topics},
                                                                    {"poll_messages", sp.poll_messages},
                                                                    {"send_messages", sp.send_messages}})))
                          .add("topics", text_cell(topics.empty() ? "-" : topics)));
  }
  r.add_list("stream_permissions", std::move(streams));
  return r;
}

struct user_args {
  std::string user, name, password, current, next, status;
  bool inactive = false;
  std::vector<std::string> permissions;
  std::vector<std::string> stream_permissions;
};

target user_target(const std::string& action, const bin::identifier& user) {
  return {.action = action + " user " + describe_id(user), .user = describe_id(user)};
}

}  // namespace

void add_user_commands(CLI::App& app, state& s) {
  auto* group = app.add_subcommand("user", "manage users");
  group->alias("u");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand("create", "create a user");
    auto a = make_args<user_args>();
    cmd->add_option("username", a->name, "user name (3 to 50 characters)")->required();
    cmd->add_option("password", a->password, "password (3 to 100 characters)")->required();
    cmd->add_flag("--inactive", a->inactive, "create the user inactive (it cannot log in)");
    cmd->add_option("--permissions", a->permissions, flag_help())->delimiter(',');
    cmd->add_option("--stream-permissions", a->stream_permissions, k_stream_permissions_help);
    on_run(cmd, s, [&s, a] {
      bin::create_user_request req;
      req.username = a->name;
      req.password = a->password;
      req.status = a->inactive ? bin::user_status::inactive : bin::user_status::active;
      req.permissions = permissions_from(a->permissions, a->stream_permissions);
      auto c = connect(s.global);
      const auto created = check(c.create_user(req), {.action = "create user '" + a->name + "'", .name = a->name});
      print_created(s.global.format(),
                    "User '" + created.user.username + "' created with id " + std::to_string(created.user.id) + ".",
                    permissions_into(user_record(created.user), created.permissions));
    });
  }
  {
    auto* cmd = group->add_subcommand("delete", "delete a user");
    auto a = make_args<user_args>();
    cmd->add_option("user", a->user, "user id or name")->required();
    on_run(cmd, s, [&s, a] {
      const auto user = parse_identifier(a->user, "user");
      auto c = connect(s.global);
      check(c.delete_user(user), user_target("delete", user));
      print_done(s.global.format(), "User " + describe_id(user) + " deleted.");
    });
  }
  {
    auto* cmd = group->add_subcommand("get", "show a user and its permissions");
    auto a = make_args<user_args>();
    cmd->add_option("user", a->user, "user id or name")->required();
    on_run(cmd, s, [&s, a] {
      const auto user = parse_identifier(a->user, "user");
      auto c = connect(s.global);
      const auto details = check(c.get_user(user), user_target("get", user));
      if (!details) command_error("user " + describe_id(user) + " not found");
      print_record(s.global.format(), permissions_into(user_record(details->user), details->permissions));
    });
  }
  {
    auto* cmd = group->add_subcommand("list", "list users");
    on_run(cmd, s, [&s] {
      auto c = connect(s.global);
      const auto users = check(c.get_users(), {.action = "list users"});
      std::vector<record> rows;
      for (const auto& u : users) rows.push_back(user_record(u));
      print_list(s.global.format(), user_columns(), rows);
    });
  }
  {
    auto* cmd = group->add_subcommand("name", "rename a user");
    auto a = make_args<user_args>();
    cmd->add_option("user", a->user, "user id or name")->required();
    cmd->add_option("new_name", a->name, "new user name")->required();
    on_run(cmd, s, [&s, a] {
      const auto user = parse_identifier(a->user, "user");
      auto c = connect(s.global);
      target t = user_target("rename", user);
      t.name = a->name;
      check(c.update_user(bin::update_user_request{user, a->name, std::nullopt}), t);
      print_done(s.global.format(), "User " + describe_id(user) + " renamed to '" + a->name + "'.");
    });
  }
  {
    auto* cmd = group->add_subcommand("status", "activate or deactivate a user");
    auto a = make_args<user_args>();
    cmd->add_option("user", a->user, "user id or name")->required();
    cmd->add_option("status", a->status, "active or inactive")->required()->check(CLI::IsMember({"active", "inactive"}));
    on_run(cmd, s, [&s, a] {
      const auto user = parse_identifier(a->user, "user");
      const auto status = a->status == "active" ? bin::user_status::active : bin::user_status::inactive;
      auto c = connect(s.global);
      check(c.update_user(bin::update_user_request{user, std::nullopt, status}), user_target("change the status of", user));
      print_done(s.global.format(), "User " + describe_id(user) + " is now " + a->status + ".");
    });
  }
  {
    auto* cmd = group->add_subcommand("password", "change a user's password (asked for when not given)");
    auto a = make_args<user_args>();
    cmd->add_option("user", a->user, "user id or name")->required();
    cmd->add_option("current", a->current, "current password");
    cmd->add_option("new", a->next, "new password");
    on_run(cmd, s, [&s, a] {
      const auto user = parse_identifier(a->user, "user");
      std::string current = a->current, next = a->next;
      if (current.empty() != next.empty()) usage_error("give both the current and the new password, or neither");
      if (current.empty()) {
        auto cur = read_secret("current password: ");
        auto nxt = cur ? read_secret("new password: ") : std::nullopt;
        if (!cur || !nxt) usage_error("no passwords given: pass CURRENT and NEW, or type them when asked");
        current = *cur;
        next = *nxt;
      }
      auto c = connect(s.global);
      check(c.change_password(user, current, next), user_target("change the password of", user));
      print_done(s.global.format(), "Password of user " + describe_id(user) + " changed.");
    });
  }
  {
    auto* cmd = group->add_subcommand("permissions", "set a user's permissions (none given: remove them all)");
    auto a = make_args<user_args>();
    cmd->add_option("user", a->user, "user id or name")->required();
    cmd->add_option("permissions", a->permissions, flag_help())->delimiter(',');
    cmd->add_option("--stream-permissions", a->stream_permissions, k_stream_permissions_help);
    on_run(cmd, s, [&s, a] {
      const auto user = parse_identifier(a->user, "user");
      const std::optional<bin::permissions> p = permissions_from(a->permissions, a->stream_permissions);
      auto c = connect(s.global);
      check(c.update_permissions(user, p), user_target("change the permissions of", user));
      print_done(s.global.format(), "Permissions of user " + describe_id(user) + " updated.");
    });
  }
}

}  // namespace whippet::cli
