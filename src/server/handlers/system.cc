// System commands: ping, get_stats, get_me, get_client, get_clients,
// get_cluster_metadata and get_snapshot.

#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>
#include <tuple>

#include "protocol/binary/requests/get_client.h"
#include "protocol/binary/requests/get_clients.h"
#include "protocol/binary/requests/get_cluster_metadata.h"
#include "protocol/binary/requests/get_me.h"
#include "protocol/binary/requests/get_snapshot.h"
#include "protocol/binary/requests/get_stats.h"
#include "protocol/binary/requests/ping.h"
#include "protocol/binary/responses/client.h"
#include "protocol/binary/responses/cluster_metadata.h"
#include "protocol/binary/responses/stats.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"

namespace whippet::server::handlers {
namespace {

bin::client_details details_of(const metadata::catalog& c, const client_info& info) {
  bin::client_details d;
  d.client_id = info.client_id;
  d.user_id = info.user_id.value_or(0);
  d.transport = static_cast<bin::transport_kind>(info.transport);
  d.address = info.address;
  for (const auto& [sid, s] : c.streams)
    for (const auto& [tid, t] : s.topics)
      for (const auto& [gid, g] : t.groups)
        for (const auto& m : g.members)
          if (m.client_id == info.client_id) d.consumer_groups.push_back({sid, tid, gid});
  return d;
}

// Resident set size in bytes, from /proc/self/statm.
uint64_t resident_bytes() {
  std::ifstream in("/proc/self/statm");
  uint64_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

// CPU seconds this process has used, from /proc/self/stat (utime + stime).
double process_cpu_seconds() {
  std::ifstream in("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  const auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(text.substr(close + 2));
  std::string field;
  uint64_t utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// The machine's CPU use (all processes), in percent, since the previous call
// (the first call: since boot), from the first line of /proc/stat.
double machine_cpu_usage() {
  static std::mutex m;
  static uint64_t last_total = 0, last_idle = 0;
  std::ifstream in("/proc/stat");
  std::string cpu;
  uint64_t v[8] = {};
  in >> cpu;
  for (auto& x : v) in >> x;
  const uint64_t idle = v[3] + v[4];  // idle + iowait
  uint64_t total = 0;
  for (uint64_t x : v) total += x;
  std::lock_guard lock(m);
  const uint64_t dt = total - last_total, di = idle - last_idle;
  last_total = total;
  last_idle = idle;
  return dt == 0 ? 0.0 : 100.0 * static_cast<double>(dt - std::min(di, dt)) / static_cast<double>(dt);
}

std::string os_release_name() {
  std::ifstream in("/etc/os-release");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      std::string v = line.substr(12);
      if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
  return "Linux";
}

// Machine figures (outside the coroutine: struct sysinfo cannot live in a frame).
void fill_machine_stats(bin::stats_response& s, const std::filesystem::path& data_dir) {
  s.memory_usage = resident_bytes();
  struct sysinfo si {};
  if (::sysinfo(&si) == 0) {
    s.total_memory = uint64_t{si.totalram} * si.mem_unit;
    s.available_memory = (uint64_t{si.freeram} + si.bufferram) * si.mem_unit;
  }
  char host[256] = {};
  ::gethostname(host, sizeof(host) - 1);
  s.hostname = host;
  struct utsname un {};
  ::uname(&un);
  s.os_name = os_release_name();
  s.os_version = un.version;
  s.kernel_version = un.release;
  struct statvfs vfs {};
  if (::statvfs(data_dir.c_str(), &vfs) == 0) {
    s.free_disk_space = uint64_t{vfs.f_bavail} * vfs.f_frsize;
    s.total_disk_space = uint64_t{vfs.f_blocks} * vfs.f_frsize;
  }
}

// What Iggy 0.8 answers with clustering off (its default): a cluster named
// "single-node" whose only node, "iggy-node", is the healthy leader, with the
// IP of the TCP listen address. Iggy reports each transport's bound port, or
// its configured port when that transport is not running; Whippet serves TCP
// only and has no QUIC, HTTP or WebSocket address to report, so those are 0.
bin::cluster_metadata single_node_metadata(const broker& b) {
  bin::cluster_node node;
  node.name = "iggy-node";
  node.ip = b.config().tcp.address.host;
  node.tcp_port = b.tcp_port();
  node.role = bin::cluster_node_role::leader;
  node.status = bin::cluster_node_status::healthy;
  return bin::cluster_metadata{"single-node", {node}};
}

}  // namespace

boost::asio::awaitable<reply> handle_ping(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_ping_request(payload));
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_get_stats(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_stats_request(payload));
  if (!auth::allowed(ctx.cat(), ctx.user(), auth::global_right::read_servers))
    co_return reply::error(status::unauthorized);
  const auto stats = co_await ctx.b.collect_stats();
  bin::stats_response s;
  s.process_id = static_cast<uint32_t>(::getpid());
  const uint64_t now = now_us();
  s.start_time = ctx.b.started_at_us();
  s.run_time = now - s.start_time;
  const double cores = static_cast<double>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
  const double run_seconds = std::max(1e-6, static_cast<double>(s.run_time) / 1e6);
  s.cpu_usage = static_cast<float>(100.0 * process_cpu_seconds() / run_seconds / cores);
  s.total_cpu_usage = static_cast<float>(machine_cpu_usage());
  fill_machine_stats(s, ctx.b.config().system_path);
  s.read_bytes = ctx.b.bytes_read.load(std::memory_order_relaxed);
  s.written_bytes = ctx.b.bytes_written.load(std::memory_order_relaxed);
  for (const auto& [key, p] : stats) {
    s.messages_size_bytes += p.size_bytes;
    s.segments_count += p.segments;
    s.messages_count += p.messages;
    if (p.failed) s.failed_partitions.push_back({key.stream, key.topic, key.partition});
  }
  std::sort(s.failed_partitions.begin(), s.failed_partitions.end(), [](const auto& a, const auto& b) {
    return std::tie(a.stream_id, a.topic_id, a.partition_id) < std::tie(b.stream_id, b.topic_id, b.partition_id);
  });
  s.streams_count = static_cast<uint32_t>(ctx.cat().streams.size());
  s.topics_count = static_cast<uint32_t>(ctx.cat().topic_count());
  s.partitions_count = static_cast<uint32_t>(ctx.cat().partition_count());
  s.clients_count = static_cast<uint32_t>(ctx.b.clients().size());
  s.consumer_groups_count = static_cast<uint32_t>(ctx.cat().group_count());
  s.iggy_server_version = "0.8.0 (whippet 0.1.0)";
  s.iggy_server_semver = 0;  // absent: Whippet is not an Iggy release
  s.threads_count = ctx.b.shard_count() + 2;
  co_return reply::ok(encoded(s));
}

boost::asio::awaitable<reply> handle_get_me(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_me_request(payload));
  auto info = ctx.b.client(ctx.s.client_id);
  if (!info) co_return reply::error(status::client_not_found);
  co_return reply::ok(encoded(details_of(ctx.cat(), *info)));
}

boost::asio::awaitable<reply> handle_get_client(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_client_request(payload));
  if (!auth::allowed(ctx.cat(), ctx.user(), auth::global_right::read_servers))
    co_return reply::error(status::unauthorized);
  auto info = ctx.b.client(req.client_id);
  if (!info) co_return reply::ok();  // unknown client: an empty answer
  co_return reply::ok(encoded(details_of(ctx.cat(), *info)));
}

boost::asio::awaitable<reply> handle_get_clients(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_clients_request(payload));
  if (!auth::allowed(ctx.cat(), ctx.user(), auth::global_right::read_servers))
    co_return reply::error(status::unauthorized);
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  for (const auto& info : ctx.b.clients()) {
    const auto d = details_of(ctx.cat(), info);
    bin::encode(w, bin::client_response{d.client_id, d.user_id, d.transport, d.address,
                                        static_cast<uint32_t>(d.consumer_groups.size())});
  }
  co_return reply::ok(std::move(out));
}

boost::asio::awaitable<reply> handle_get_cluster_metadata(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_cluster_metadata_request(payload));
  co_return reply::ok(encoded(single_node_metadata(ctx.b)));
}

boost::asio::awaitable<reply> handle_get_snapshot(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_REQUIRE_LOGIN(ctx);
  WHIPPET_DECODE(ctx, req, bin::decode_get_snapshot_request(payload));
  co_return reply::error(status::feature_unavailable);
}

}  // namespace whippet::server::handlers
