// whippet context (ctx): list, use, create, delete, show. Contexts are named
// server profiles (an address and optional credentials) in contexts.toml.

#include <cctype>

#include "commands.h"
#include "connection.h"
#include "output.h"
#include "session.h"

namespace whippet::cli {
namespace {

struct context_args {
  std::string name, address, username, password, token;
};

void check_name(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (const char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
  if (!ok) usage_error("invalid context name '" + name + "': use 1 to 64 letters, digits, '-', '_' or '.'");
}

std::string active_name(const state& s, const context_store& store) {
  if (!s.global.context.empty()) return s.global.context;
  return store.current.empty() ? default_context : store.current;
}

record context_record(const context_data& c, bool active) {
  std::string credentials = "none";
  if (!c.username.empty()) credentials = "user " + c.username;
  else if (!c.token.empty()) credentials = "token";
  return record()
      .add("name", text_cell(c.name))
      .add("active", bool_cell(active))
      .add("address", text_cell(c.address))
      .add("username", c.username.empty() ? json_cell(json(), "-") : text_cell(c.username))
      .add("credentials", text_cell(credentials));
}

}  // namespace

void add_context_commands(CLI::App& app, state& s) {
  auto* group = app.add_subcommand("context", "manage named server profiles (address and credentials)");
  group->alias("ctx");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand("list", "list contexts");
    on_run(cmd, s, [&s] {
      const auto store = load_contexts();
      const std::string active = active_name(s, store);
      std::vector<record> rows;
      if (!store.find(default_context)) rows.push_back(context_record(*find_context(store, default_context), active == default_context));
      for (const auto& c : store.contexts) rows.push_back(context_record(c, c.name == active));
      print_list(s.global.format(), {"name", "active", "address", "credentials"}, rows);
    });
  }
  {
    auto* cmd = group->add_subcommand("use", "make a context the one in use");
    auto name = std::make_shared<std::string>();
    cmd->add_option("name", *name, "context name")->required();
    on_run(cmd, s, [&s, name] {
      auto store = load_contexts();
      if (!find_context(store, *name)) usage_error("unknown context '" + *name + "' (see `whippet context list`)");
      store.current = *name == default_context ? "" : *name;
      save_contexts(store);
      print_done(s.global.format(), "Now using context '" + *name + "'.");
    });
  }
  {
    auto* cmd = group->add_subcommand("create", "create a context");
    auto a = make_args<context_args>();
    cmd->add_option("name", a->name, "context name")->required();
    cmd->add_option("--address", a->address, "server TCP address, host:port")->required();
    cmd->add_option("--username", a->username, "log in as this user");
    cmd->add_option("--password", a->password, "the user's password (stored in the file, mode 0600)");
    cmd->add_option("--token", a->token, "or log in with this personal access token");
    on_run(cmd, s, [&s, a] {
      check_name(a->name);
      if (a->name == default_context) usage_error("the context 'default' is built in and cannot be created");
      if (!a->password.empty() && a->username.empty()) usage_error("--password needs --username");
      if (!a->token.empty() && !a->username.empty()) usage_error("give either --token or --username, not both");
      auto store = load_contexts();
      if (store.find(a->name)) usage_error("context '" + a->name + "' already exists");
      store.contexts.push_back({a->name, a->address, a->username, a->password, a->token});
      save_contexts(store);
      print_done(s.global.format(), "Context '" + a->name + "' created (" + a->address + ").");
    });
  }
  {
    auto* cmd = group->add_subcommand("delete", "delete a context");
    auto name = std::make_shared<std::string>();
    cmd->add_option("name", *name, "context name")->required();
    on_run(cmd, s, [&s, name] {
      if (*name == default_context) usage_error("the context 'default' is built in and cannot be deleted");
      auto store = load_contexts();
      const auto erased = std::erase_if(store.contexts, [&](const context_data& c) { return c.name == *name; });
      if (erased == 0) usage_error("unknown context '" + *name + "' (see `whippet context list`)");
      const bool was_current = store.current == *name;
      if (was_current) store.current.clear();
      save_contexts(store);
      print_done(s.global.format(), "Context '" + *name + "' deleted." +
                                        (was_current ? " Now using context 'default'." : ""));
    });
  }
  {
    auto* cmd = group->add_subcommand("show", "show the context in use");
    on_run(cmd, s, [&s] {
      const auto store = load_contexts();
      const std::string active = active_name(s, store);
      const auto c = find_context(store, active);
      if (!c) usage_error("unknown context '" + active + "' (see `whippet context list`)");
      print_record(s.global.format(), context_record(*c, true));
    });
  }
}

}  // namespace whippet::cli
