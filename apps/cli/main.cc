// whippet: the command-line client. Parses the command line with CLI11, runs
// the chosen subcommand, and maps failures to one "error: ..." line on stderr
// with exit status 1 (server or connection) or 2 (usage).

#include <cstdio>

#include "base/signals.h"
#include "commands.h"

namespace {

// The deepest subcommand the command line reached.
CLI::App* deepest(CLI::App* app) {
  while (!app->get_subcommands().empty()) app = app->get_subcommands().front();
  return app;
}

std::string command_path(const CLI::App* app) {
  std::string path;
  for (; app != nullptr; app = app->get_parent()) path = app->get_parent() ? " " + app->get_name() + path : "whippet" + path;
  return path;
}

// "whippet stream: unknown or missing subcommand 'frobnicate' (one of create, delete, ...)" and the like.
std::string usage_message(CLI::App& app, const CLI::ParseError& e) {
  CLI::App* at = deepest(&app);
  const std::string path = command_path(at);
  const auto subs = at->get_subcommands({});
  if (!subs.empty() && std::string(e.what()).find("subcommand is required") != std::string::npos) {
    std::string names;
    for (const auto* sub : subs) names += (names.empty() ? "" : ", ") + sub->get_name();
    std::vector<std::string> extra;  // with fallthrough, unknown words may land on a parent
    for (const CLI::App* a = at; a != nullptr && extra.empty(); a = a->get_parent()) extra = a->remaining();
    const std::string what = extra.empty() ? "missing subcommand" : "unknown subcommand '" + extra.front() + "'";
    return path + ": " + what + " (one of " + names + "; see " + path + " --help)";
  }
  return path + ": " + e.what() + " (see " + path + " --help)";
}

}  // namespace

int main(int argc, char** argv) {
  whippet::ignore_sigpipe();
  using namespace whippet::cli;
  CLI::App app{"whippet: command-line client for a Whippet (or Apache Iggy 0.8) server"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may also follow the subcommand
  state s;
  global_options& g = s.global;
  app.add_option("-a,--address", g.address, std::string("server TCP address, host:port (default ") + default_address +
                                                ", or the context's)")
      ->envname("WHIPPET_ADDRESS");
  app.add_option("-u,--username", g.username, "log in as this user")->envname("WHIPPET_USERNAME");
  app.add_option("-p,--password", g.password, "the user's password")->envname("WHIPPET_PASSWORD");
  app.add_option("--token", g.token, "log in with this personal access token")->envname("WHIPPET_TOKEN");
  app.add_option("--context", g.context, "use this context (see `whippet context`)")->envname("WHIPPET_CONTEXT");
  app.add_option("-o,--output", g.output, "output format")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "json"}));
  app.add_option("--timeout-ms", g.timeout_ms, "connect and request timeout in milliseconds")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600000));
  app.set_version_flag("-V,--version", "whippet 0.1.0");

  add_ping_command(app, s);
  add_stream_commands(app, s);
  add_topic_commands(app, s);
  add_partition_commands(app, s);
  add_user_commands(app, s);
  add_pat_commands(app, s);
  add_consumer_group_commands(app, s);
  add_consumer_offset_commands(app, s);
  add_message_commands(app, s);
  add_system_commands(app, s);
  add_session_commands(app, s);
  add_context_commands(app, s);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);  // --help, --version
    std::fprintf(stderr, "error: %s\n", usage_message(app, e).c_str());
    return exit_usage;
  } catch (const cli_error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return e.exit_code();
  }
  if (!s.run) {
    std::fprintf(stderr, "error: missing subcommand (see --help)\n");
    return exit_usage;
  }
  try {
    s.run();
  } catch (const cli_error& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "error: %s\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "error: %s\n", e.what());
    return exit_failure;
  }
  return 0;
}
