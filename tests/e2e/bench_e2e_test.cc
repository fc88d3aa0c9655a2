// A short whippet-bench run of every kind against a spawned server: the JSON
// report has its fields, and the counts add up (sent == received, no gaps).

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/child_process.h"
#include "support/server_process.h"

using namespace whippet::testkit;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

json run_bench(const server_process& server, const std::vector<std::string>& args, std::string& output) {
  const auto report = server.dir().path() / "report.json";
  const auto html = server.dir().path() / "report.html";
  std::vector<std::string> all = args;
  for (const std::string& a : {std::string("--server-address"), server.address(), std::string("--output-json"),
                               report.string(), std::string("--output-html"), html.string()})
    all.push_back(a);
  auto r = run_command(WHIPPET_BENCH_BIN, {all, {}, {}}, 300s);
  output = r.output;
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(report);
  EXPECT_TRUE(in.good()) << r.output;
  std::ifstream page(html);
  const std::string text((std::istreambuf_iterator<char>(page)), {});
  EXPECT_NE(text.find("<svg"), std::string::npos);
  EXPECT_NE(text.find("Throughput over time"), std::string::npos);
  return in.good() ? json::parse(in) : json::object();
}

void expect_latency_fields(const json& latency) {
  for (const char* f : {"avg_us", "p50_us", "p90_us", "p95_us", "p99_us", "p999_us", "p9999_us", "min_us", "max_us"})
    EXPECT_TRUE(latency.contains(f)) << f;
  EXPECT_LE(latency["p50_us"].get<double>(), latency["p99_us"].get<double>());
  EXPECT_LE(latency["p99_us"].get<double>(), latency["max_us"].get<double>());
}

}  // namespace

TEST(bench_e2e, pinned_producer_and_consumer_counts_add_up) {
  server_process server;
  ASSERT_FALSE(server.address().empty());
  std::string out;
  const json r = run_bench(server, {"pinned-producer-and-consumer", "-p", "2", "-c", "2", "-b", "30", "-P", "100",
                                    "-m", "100..300"},
                           out);
  ASSERT_TRUE(r.contains("totals")) << r.dump();
  EXPECT_EQ(r["kind"], "pinned-producer-and-consumer");
  const auto& producers = r["totals"]["producer"];
  const auto& consumers = r["totals"]["consumer"];
  EXPECT_EQ(producers["messages"].get<uint64_t>(), 2u * 30 * 100);
  EXPECT_EQ(consumers["messages"].get<uint64_t>(), producers["messages"].get<uint64_t>());
  EXPECT_EQ(consumers["bytes"].get<uint64_t>(), producers["bytes"].get<uint64_t>());
  EXPECT_EQ(consumers["gaps"].get<uint64_t>(), 0u);
  EXPECT_EQ(producers["errors"].get<uint64_t>(), 0u);
  EXPECT_GT(producers["mb_per_s"].get<double>(), 0.0);
  expect_latency_fields(producers["latency"]);
  expect_latency_fields(consumers["latency"]);
  ASSERT_EQ(r["actors"].size(), 4u);
  for (const auto& a : r["actors"]) {
    EXPECT_EQ(a["messages"].get<uint64_t>(), 30u * 100) << a.dump();
    expect_latency_fields(a["latency"]);
  }
  EXPECT_NE(out.find("producers total"), std::string::npos) << out;
}

TEST(bench_e2e, balanced_group_and_end_to_end_kinds_run) {
  server_process server;
  std::string out;
  const json group = run_bench(server, {"balanced-consumer-group", "-p", "2", "-c", "2", "-b", "20", "-P", "50"}, out);
  ASSERT_TRUE(group.contains("totals")) << out;
  EXPECT_EQ(group["totals"]["consumer"]["messages"].get<uint64_t>(), 2u * 20 * 50);
  EXPECT_EQ(group["totals"]["consumer"]["gaps"].get<uint64_t>(), 0u);
  const json e2e = run_bench(server, {"end-to-end-producing-consumer", "-p", "2", "-b", "20", "-P", "50"}, out);
  ASSERT_TRUE(e2e.contains("totals")) << out;
  EXPECT_EQ(e2e["totals"]["producing-consumer"]["messages"].get<uint64_t>(), 2u * 20 * 50);
  const json balanced = run_bench(server, {"balanced-producer", "-p", "2", "-b", "10", "-P", "10", "-r", "1MB"}, out);
  ASSERT_TRUE(balanced.contains("totals")) << out;
  EXPECT_EQ(balanced["totals"]["producer"]["messages"].get<uint64_t>(), 2u * 10 * 10);
}

TEST(bench_e2e, unreachable_server_fails_clearly) {
  auto r = run_command(WHIPPET_BENCH_BIN, {{"pinned-producer", "--server-address", "127.0.0.1:1", "-b", "1"}, {}, {}}, 60s);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("ERROR"), std::string::npos) << r.output;
}
