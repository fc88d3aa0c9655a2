// whippet ping: connects, pings and prints each round-trip time.

#include <chrono>
#include <cstdio>
#include <thread>

#include "client/client.h"
#include "commands.h"

namespace whippet::cli {

void add_ping_command(CLI::App& app, const global_options& global, int& exit_code) {
  auto* cmd = app.add_subcommand("ping", "check that a server answers, and how fast");
  auto count = std::make_shared<int>(1);
  cmd->add_option("-n,--count", *count, "number of pings")->check(CLI::Range(1, 1000000));
  cmd->callback([&global, &exit_code, count] {
    client::client_options options;
    options.connect_timeout = std::chrono::milliseconds(global.timeout_ms);
    options.request_timeout = std::chrono::milliseconds(global.timeout_ms);
    auto c = client::client::connect(global.address, options);
    if (!c) {
      std::fprintf(stderr, "error: no server answered at %s: %s\n", global.address.c_str(), c.error().message.c_str());
      exit_code = 1;
      return;
    }
    for (int i = 0; i < *count; ++i) {
      const auto start = std::chrono::steady_clock::now();
      auto r = c->ping();
      const auto rtt = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (!r) {
        std::fprintf(stderr, "error: ping to %s failed: %s\n", global.address.c_str(), r.error().message.c_str());
        exit_code = 1;
        return;
      }
      std::printf("pong from %s: time=%.3f ms\n", global.address.c_str(), rtt);
      std::fflush(stdout);
    }
  });
}

}  // namespace whippet::cli
