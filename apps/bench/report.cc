// whippet-bench reports: a console summary, a JSON report and a
// self-contained HTML page with throughput and latency over time (inline SVG).

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "bench.h"

namespace whippet::bench {
namespace {

struct totals {
  uint64_t messages = 0, bytes = 0, errors = 0, gaps = 0;
  double seconds = 0;  // the longest actor's
  std::vector<sample> samples;
  unsigned actors = 0;
};

totals total_of(const std::vector<actor_result>& results, const std::string& role) {
  totals t;
  for (const auto& r : results) {
    if (r.role != role) continue;
    ++t.actors;
    t.messages += r.messages;
    t.bytes += r.bytes;
    t.errors += r.errors;
    t.gaps += r.gaps;
    t.seconds = std::max(t.seconds, r.seconds);
    t.samples.insert(t.samples.end(), r.samples.begin(), r.samples.end());
  }
  return t;
}

using json = nlohmann::ordered_json;

json latency_json(const latency_summary& l) {
  return {{"avg_us", l.avg},   {"p50_us", l.p50},     {"p90_us", l.p90},       {"p95_us", l.p95},
          {"p99_us", l.p99},   {"p999_us", l.p999},   {"p9999_us", l.p9999},   {"min_us", l.min},
          {"max_us", l.max},   {"stddev_us", l.stddev}};
}

std::vector<std::string> roles_of(const std::vector<actor_result>& results) {
  std::vector<std::string> roles;
  for (const auto& r : results)
    if (std::find(roles.begin(), roles.end(), r.role) == roles.end()) roles.push_back(r.role);
  return roles;
}

// Throughput (MB/s) and mean latency (ms) per time bucket.
struct point {
  double t, mb_s, latency_ms;
};

std::vector<point> series(const std::vector<sample>& samples, double bucket_s) {
  std::map<long, std::pair<uint64_t, std::pair<double, unsigned>>> buckets;
  for (const auto& s : samples) {
    auto& b = buckets[static_cast<long>(s.at_s / bucket_s)];
    b.first += s.bytes;
    b.second.first += s.latency_us;
    b.second.second += 1;
  }
  std::vector<point> out;
  for (const auto& [k, b] : buckets)
    out.push_back({k * bucket_s, b.first / bucket_s / 1e6, b.second.first / b.second.second / 1000.0});
  return out;
}

std::string svg_chart(const std::string& title, const std::string& unit, const std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>>& lines) {
  const double w = 800, h = 260, left = 60, bottom = 30, top = 30;
  double max_x = 0, max_y = 0;
  for (const auto& [name, pts] : lines)
    for (const auto& [x, y] : pts) {
      max_x = std::max(max_x, x);
      max_y = std::max(max_y, y);
    }
  if (max_x <= 0) max_x = 1;
  if (max_y <= 0) max_y = 1;
  static const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};
  std::string svg = fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="sans-serif" font-size="12">)", w, h);
  svg += fmt::format(R"(<text x="{}" y="18" font-size="14" font-weight="bold">{}</text>)", left, title);
  svg += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#888"/><line x1="{0}" y1="{2}" x2="{3}" y2="{2}" stroke="#888"/>)", left, top, h - bottom, w - 10);
  for (int i = 0; i <= 4; ++i) {
    const double y = top + (h - bottom - top) * (1 - i / 4.0);
    svg += fmt::format(R"(<text x="5" y="{:.0f}">{:.1f} {}</text><line x1="{}" y1="{:.0f}" x2="{}" y2="{:.0f}" stroke="#eee"/>)", y + 4, max_y * i / 4, unit, left, y, w - 10, y);
  }
  svg += fmt::format(R"(<text x="{}" y="{}">{:.1f} s</text>)", w - 60, h - 8, max_x);
  size_t c = 0;
  for (const auto& [name, pts] : lines) {
    std::string path;
    for (const auto& [x, y] : pts)
      path += fmt::format("{}{:.1f},{:.1f} ", path.empty() ? "M" : "L", left + (w - 10 - left) * x / max_x,
                          top + (h - bottom - top) * (1 - y / max_y));
    const char* colour = colours[c % 5];
    svg += fmt::format(R"(<path d="{}" fill="none" stroke="{}" stroke-width="1.5"/>)", path, colour);
    svg += fmt::format(R"(<text x="{}" y="{}" fill="{}">{}</text>)", left + 10 + 160 * c, h - 8, colour, name);
    ++c;
  }
  return svg + "</svg>";
}

}  // namespace

std::string text_report(const options& o, const std::vector<actor_result>& results) {
  std::string out = fmt::format("whippet-bench {} against {}: {} x {} messages of {}..{} B per actor\n\n",
                                to_string(o.bench_kind), o.address, o.batches, o.messages_per_batch,
                                o.message_size_min, o.message_size_max);
  for (const auto& r : results) {
    if (!r.error.empty()) out += fmt::format("{} {}: ERROR {}\n", r.role, r.id, r.error);
    if (r.seconds <= 0) continue;
    const auto l = summarize(r.samples);
    out += fmt::format("{} {}: {:.1f} MB/s, {:.0f} msg/s, latency avg {:.2f} ms p50 {:.2f} p99 {:.2f} p99.9 {:.2f} max {:.2f} ms\n",
                       r.role, r.id, r.bytes / r.seconds / 1e6, r.messages / r.seconds, l.avg / 1000, l.p50 / 1000,
                       l.p99 / 1000, l.p999 / 1000, l.max / 1000);
  }
  for (const auto& role : roles_of(results)) {
    const auto t = total_of(results, role);
    if (t.seconds <= 0) continue;
    const auto l = summarize(t.samples);
    out += fmt::format(
        "\n{}s total: {} actor(s), {} messages, {:.1f} MB/s, {:.0f} msg/s\n"
        "  latency ms: avg {:.3f}  p50 {:.3f}  p90 {:.3f}  p95 {:.3f}  p99 {:.3f}  p99.9 {:.3f}  p99.99 {:.3f}  max {:.3f}\n",
        role, t.actors, t.messages, t.bytes / t.seconds / 1e6, t.messages / t.seconds, l.avg / 1000, l.p50 / 1000,
        l.p90 / 1000, l.p95 / 1000, l.p99 / 1000, l.p999 / 1000, l.p9999 / 1000, l.max / 1000);
    if (t.gaps || t.errors) out += fmt::format("  gaps {}  errors {}\n", t.gaps, t.errors);
  }
  return out;
}

std::string json_report(const options& o, const std::vector<actor_result>& results) {
  json actors = json::array();
  for (const auto& r : results) {
    const double secs = std::max(r.seconds, 1e-9);
    actors.push_back({{"role", r.role},
                      {"id", r.id},
                      {"messages", r.messages},
                      {"bytes", r.bytes},
                      {"seconds", r.seconds},
                      {"mb_per_s", r.bytes / secs / 1e6},
                      {"messages_per_s", r.messages / secs},
                      {"errors", r.errors},
                      {"gaps", r.gaps},
                      {"error", r.error},
                      {"latency", latency_json(summarize(r.samples))}});
  }
  json groups = json::object();
  for (const auto& role : roles_of(results)) {
    const auto t = total_of(results, role);
    const double secs = std::max(t.seconds, 1e-9);
    groups[role] = {{"actors", t.actors},
                    {"messages", t.messages},
                    {"bytes", t.bytes},
                    {"seconds", t.seconds},
                    {"mb_per_s", t.bytes / secs / 1e6},
                    {"messages_per_s", t.messages / secs},
                    {"errors", t.errors},
                    {"gaps", t.gaps},
                    {"latency", latency_json(summarize(t.samples))}};
  }
  const json report = {{"kind", to_string(o.bench_kind)},
                       {"server_address", o.address},
                       {"producers", o.producers},
                       {"consumers", o.consumers},
                       {"message_size_min", o.message_size_min},
                       {"message_size_max", o.message_size_max},
                       {"messages_per_batch", o.messages_per_batch},
                       {"batches", o.batches},
                       {"rate_limit_bytes_per_s", o.rate_limit_bytes},
                       {"actors", std::move(actors)},
                       {"totals", std::move(groups)}};
  // An actor's error text is the server's or the system's: any bytes, made valid UTF-8.
  return report.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string html_report(const options& o, const std::vector<actor_result>& results) {
  std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>> throughput, latency;
  double span = 0;
  for (const auto& r : results) span = std::max(span, r.seconds);
  const double bucket = std::max(std::chrono::duration<double>(o.sampling).count(), span / 200);
  for (const auto& role : roles_of(results)) {
    const auto t = total_of(results, role);
    std::vector<std::pair<double, double>> tp, lat;
    for (const auto& p : series(t.samples, bucket)) {
      tp.emplace_back(p.t, p.mb_s);
      lat.emplace_back(p.t, p.latency_ms);
    }
    throughput.emplace_back(role + "s", tp);
    latency.emplace_back(role + "s", lat);
  }
  std::string rows;
  for (const auto& role : roles_of(results)) {
    const auto t = total_of(results, role);
    if (t.seconds <= 0) continue;
    const auto l = summarize(t.samples);
    rows += fmt::format(
        "<tr><td>{}s ({})</td><td>{:.1f}</td><td>{:.0f}</td><td>{:.3f}</td><td>{:.3f}</td><td>{:.3f}</td><td>{:.3f}</td><td>{:.3f}</td></tr>",
        role, t.actors, t.bytes / t.seconds / 1e6, t.messages / t.seconds, l.avg / 1000, l.p50 / 1000, l.p99 / 1000,
        l.p999 / 1000, l.max / 1000);
  }
  return fmt::format(R"(<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>whippet-bench {0}</title>
<style>body{{font-family:sans-serif;margin:2em;color:#222}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:right}}th{{background:#f4f4f4}}</style></head>
<body><h1>whippet-bench: {0}</h1>
<p>Server {1}; {2} producer(s), {3} consumer(s); {4} batches of {5} messages of {6}..{7} bytes per actor.</p>
<table><tr><th>actors</th><th>MB/s</th><th>messages/s</th><th>avg ms</th><th>p50 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr>{8}</table>
<h2>Throughput over time</h2>{9}
<h2>Latency over time</h2>{10}
</body></html>
)",
                     to_string(o.bench_kind), o.address, o.producers, o.consumers, o.batches, o.messages_per_batch,
                     o.message_size_min, o.message_size_max, rows, svg_chart("Throughput", "MB/s", throughput),
                     svg_chart("Mean latency per interval", "ms", latency));
}

}  // namespace whippet::bench
