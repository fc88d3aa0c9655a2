#include "server/commands/system.h"

#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>
#include <tuple>

namespace whippet::server::commands {
namespace {

client_view view_of(const metadata::catalog& c, const client_info& info) {
  client_view v{info.client_id, info.user_id, info.transport, info.address, {}};
  for (const auto& [sid, s] : c.streams)
    for (const auto& [tid, t] : s.topics)
      for (const auto& [gid, g] : t.groups)
        for (const auto& m : g.members)
          if (m.client_id == info.client_id) v.groups.push_back({sid, tid, gid});
  return v;
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
void fill_machine_stats(server_stats& s, const std::filesystem::path& data_dir) {
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

}  // namespace

op<server_stats> get_stats(command_context& ctx) {
  if (auto denied = check(ctx, auth::global_right::read_servers)) co_return fail(*denied);
  const auto stats = co_await ctx.b.collect_stats();
  server_stats s;
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
  s.clients_count = static_cast<uint32_t>(ctx.b.sessions().size());
  s.consumer_groups_count = static_cast<uint32_t>(ctx.cat().group_count());
  s.threads_count = ctx.b.shard_count() + 2;
  co_return s;
}

op<client_view> get_me(command_context& ctx) {
  if (auto denied = require_login(ctx)) co_return fail(*denied);
  auto info = ctx.b.sessions().find(ctx.s.client_id);
  if (!info) co_return fail(errc::client_not_found);
  co_return view_of(ctx.cat(), *info);
}

op<client_view> get_client(command_context& ctx, uint32_t client_id) {
  if (auto denied = check(ctx, auth::global_right::read_servers)) co_return fail(*denied);
  auto info = ctx.b.sessions().find(client_id);
  if (!info) co_return fail(errc::client_not_found);
  co_return view_of(ctx.cat(), *info);
}

op<std::vector<client_view>> get_clients(command_context& ctx) {
  if (auto denied = check(ctx, auth::global_right::read_servers)) co_return fail(*denied);
  std::vector<client_view> out;
  for (const auto& info : ctx.b.sessions().all()) out.push_back(view_of(ctx.cat(), info));
  co_return out;
}

op<cluster_info> get_cluster_metadata(command_context& ctx) {
  if (auto denied = require_login(ctx)) co_return fail(*denied);
  // What Iggy 0.8 answers with clustering off (its default): a cluster named
  // "single-node" whose only node, "iggy-node", is the healthy leader, with
  // the IP of the TCP listen address.
  co_return cluster_info{"single-node", "iggy-node", ctx.b.config().tcp.address.host, ctx.b.tcp_port()};
}

op<void> get_snapshot(command_context& ctx) {
  if (auto denied = require_login(ctx)) co_return fail(*denied);
  co_return fail(errc::feature_unavailable);
}

}  // namespace whippet::server::commands
