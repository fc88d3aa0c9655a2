// whippet-bench: benchmarks a Whippet (or Iggy) server over TCP.
//
//   whippet-bench pinned-producer -p 2 -m 1024 -P 1000 -b 1000 --server-address 127.0.0.1:8090
//   whippet-bench balanced-consumer-group -p 2 -c 2 --output-json report.json --output-html report.html

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>

#include "base/signals.h"
#include "bench.h"
#include "config/units.h"

using namespace whippet;

namespace {

bool parse_message_size(const std::string& text, bench::options& o) {
  const auto dots = text.find("..");
  auto one = [](const std::string& s) -> std::optional<uint32_t> {
    auto v = config::parse_size(s);
    if (!v || *v == 0 || *v > 64'000'000) return std::nullopt;
    return static_cast<uint32_t>(*v);
  };
  auto lo = one(dots == std::string::npos ? text : text.substr(0, dots));
  auto hi = one(dots == std::string::npos ? text : text.substr(dots + 2));
  if (!lo || !hi || *lo > *hi) return false;
  o.message_size_min = *lo;
  o.message_size_max = *hi;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  whippet::ignore_sigpipe();
  CLI::App app{"whippet-bench: throughput and latency of a Whippet or Apache Iggy server"};
  app.require_subcommand(1);
  bench::options o;
  std::string message_size = "1000", total_data, rate_limit, warmup = "0 s", sampling = "10 ms";
  std::string json_path, html_path;

  const std::vector<std::pair<bench::kind, std::string>> kinds = {
      {bench::kind::pinned_producer, "each producer writes to its own stream"},
      {bench::kind::pinned_consumer, "each consumer reads its own stream (written first, untimed)"},
      {bench::kind::pinned_producer_and_consumer, "pinned producers and consumers at once"},
      {bench::kind::balanced_producer, "producers share one topic, balanced over its partitions"},
      {bench::kind::balanced_consumer_group, "consumers in one group share a topic's partitions"},
      {bench::kind::end_to_end_producing_consumer, "each actor sends a batch and polls it back"},
  };
  for (const auto& [k, help] : kinds) {
    auto* cmd = app.add_subcommand(bench::to_string(k), help);
    cmd->callback([&o, k = k] { o.bench_kind = k; });
    cmd->fallthrough();
  }
  app.fallthrough();
  app.add_option("-p,--producers", o.producers, "producers")->capture_default_str()->check(CLI::Range(1u, 1024u));
  app.add_option("-c,--consumers", o.consumers, "consumers")->capture_default_str()->check(CLI::Range(1u, 1024u));
  app.add_option("--streams", o.streams, "streams (default: one per actor when pinned, else 1)");
  app.add_option("--partitions", o.partitions, "partitions per topic (default: 1 when pinned, else one per actor)");
  app.add_option("-m,--message-size", message_size, "payload bytes per message, or a range such as 200..500")
      ->capture_default_str();
  app.add_option("-P,--messages-per-batch", o.messages_per_batch, "messages per batch")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1'000'000u));
  app.add_option("-b,--message-batches", o.batches, "batches per actor")->capture_default_str()->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  app.add_option("-T,--total-data", total_data, "total data to send instead of a batch count, e.g. 1GB");
  app.add_option("-r,--rate-limit", rate_limit, "bytes per second for all actors together, e.g. 100MB");
  app.add_option("-w,--warmup-time", warmup, "producers send untimed for this long first")->capture_default_str();
  app.add_option("-t,--sampling-time", sampling, "time bucket of the HTML charts")->capture_default_str();
  app.add_option("--server-address", o.address, "server TCP address")->capture_default_str();
  app.add_option("--username", o.username, "user")->capture_default_str();
  app.add_option("--password", o.password, "password")->capture_default_str();
  app.add_option("--output-json", json_path, "write the JSON report here");
  app.add_option("--output-html", html_path, "write the HTML report (throughput and latency over time) here");
  app.add_flag("--keep-streams", o.keep_streams, "leave the bench streams on the server");
  app.add_option("--stream-prefix", o.stream_prefix, "streams are named <prefix>-<n>")->capture_default_str();
  app.add_flag("--existing-streams", o.existing_streams,
               "use the streams <prefix>-<n> as they are (kept by an earlier run with the same -b or -T): "
               "consumers read what they hold; nothing is created, written first or deleted");
  CLI11_PARSE(app, argc, argv);

  if (!parse_message_size(message_size, o)) {
    std::fprintf(stderr, "error: invalid --message-size '%s'\n", message_size.c_str());
    return 2;
  }
  if (!total_data.empty()) {
    auto v = config::parse_size(total_data);
    if (!v || *v == 0) {
      std::fprintf(stderr, "error: invalid --total-data '%s'\n", total_data.c_str());
      return 2;
    }
    o.total_bytes = *v;
  }
  if (!rate_limit.empty()) {
    auto v = config::parse_size(rate_limit);
    if (!v || *v == 0) {
      std::fprintf(stderr, "error: invalid --rate-limit '%s'\n", rate_limit.c_str());
      return 2;
    }
    o.rate_limit_bytes = *v;
  }
  for (auto [text, out] : {std::pair{&warmup, &o.warmup}, std::pair{&sampling, &o.sampling}}) {
    auto d = config::parse_duration(*text);
    if (!d) {
      std::fprintf(stderr, "error: invalid duration '%s'\n", text->c_str());
      return 2;
    }
    *out = std::chrono::duration_cast<std::chrono::milliseconds>(*d);
  }

  const auto results = bench::run(o);
  std::fputs(bench::text_report(o, results).c_str(), stdout);
  if (!json_path.empty()) std::ofstream(json_path) << bench::json_report(o, results);
  if (!html_path.empty()) std::ofstream(html_path) << bench::html_report(o, results);
  for (const auto& r : results)
    if (!r.error.empty() || r.errors || r.gaps) return 1;
  return 0;
}
