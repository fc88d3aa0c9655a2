// whippet ping: connects, pings and prints each round-trip time. Needs no login.

#include <chrono>
#include <cstdio>

#include "client/client.h"
#include "commands.h"
#include "connection.h"
#include "output.h"

namespace whippet::cli {

void add_ping_command(CLI::App& app, state& s) {
  auto* cmd = app.add_subcommand("ping", "check that a server answers, and how fast");
  auto count = std::make_shared<int>(1);
  cmd->add_option("-n,--count", *count, "number of pings")->capture_default_str()->check(CLI::Range(1, 1000000));
  on_run(cmd, s, [&s, count] {
    const std::string address = resolve_endpoint(s.global).address;
    auto c = connect_only(s.global, address);
    std::vector<record> rows;
    for (int i = 0; i < *count; ++i) {
      const auto start = std::chrono::steady_clock::now();
      auto r = c.ping();
      const auto rtt = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (!r) command_error("ping to " + address + " failed: " + r.error().message);
      if (s.global.format() == output_format::json_text) {
        rows.push_back(record().add("seq", number_cell(static_cast<uint64_t>(i) + 1)).add("time_ms", float_cell(rtt, 3)));
        continue;
      }
      std::printf("pong from %s: time=%.3f ms\n", address.c_str(), rtt);
      std::fflush(stdout);
    }
    if (s.global.format() == output_format::json_text) print_list(output_format::json_text, {}, rows);
  });
}

}  // namespace whippet::cli
