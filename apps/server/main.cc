// whippet-server: loads the configuration, prepares the data directory and
// serves until SIGINT or SIGTERM.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>

#include "base/log.h"
#include "base/signals.h"
#include "config/server_config.h"
#include "server/bootstrap.h"
#include "server/server.h"

int main(int argc, char** argv) {
  using namespace whippet;
  ignore_sigpipe();
  CLI::App app{"whippet-server: a persistent message streaming server"};
  std::optional<std::string> config_file;
  bool default_root = false;
  bool print_defaults = false;
  app.add_option("-c,--config", config_file, "TOML configuration file, layered over the embedded defaults");
  app.add_flag("--with-default-root-credentials", default_root,
               "on first start, create the root user as iggy/iggy (development only)");
  app.add_flag("--print-default-config", print_defaults, "print the embedded default configuration and exit");
  app.set_version_flag("-V,--version", "whippet-server 0.1.0");
  CLI11_PARSE(app, argc, argv);

  if (print_defaults) {
    std::fwrite(config::default_config_toml().data(), 1, config::default_config_toml().size(), stdout);
    return 0;
  }

  const auto env = config::process_environment();
  if (!config_file) {
    if (auto it = env.find("WHIPPET_CONFIG_PATH"); it != env.end()) config_file = it->second;
  }
  auto cfg = config::load_server_config(config_file ? std::optional<std::filesystem::path>(*config_file) : std::nullopt,
                                        env);
  if (!cfg) {
    std::fprintf(stderr, "whippet-server: configuration error: %s\n", cfg.error().message.c_str());
    return 2;
  }
  log::set_level(cfg->log_level);
  for (const auto& w : cfg->warnings) log::warn("{}", w);

  const server::bootstrap_options boot{.default_root_credentials = default_root, .data_directory = cfg->system_path};
  server::server srv(std::move(cfg).value());
  if (auto r = srv.start([&] { return server::make_root_credentials(env, boot); }); !r) {
    log::error("{}", r.error());
    return 1;
  }
  srv.run();
  return 0;
}
