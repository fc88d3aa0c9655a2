// whippet: the command-line client.

#include "commands.h"

int main(int argc, char** argv) {
  using namespace whippet::cli;
  CLI::App app{"whippet: command-line client for a Whippet (or Apache Iggy) server"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may also follow the subcommand
  global_options global;
  app.add_option("-a,--address", global.address, "server TCP address (host:port)")->capture_default_str()->envname("WHIPPET_ADDRESS");
  app.add_option("--timeout-ms", global.timeout_ms, "connect and request timeout in milliseconds")->capture_default_str()
      ->check(CLI::Range(1, 3600000));
  app.set_version_flag("-V,--version", "whippet 0.1.0");
  int exit_code = 0;
  add_ping_command(app, global, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
