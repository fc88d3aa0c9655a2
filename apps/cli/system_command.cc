// whippet stats, whippet me, whippet client (c): get, list, whippet cluster (cl): metadata.

#include "client/client.h"
#include "commands.h"
#include "connection.h"
#include "output.h"
#include "parse.h"
#include "views.h"

namespace whippet::cli {
namespace {

record stats_record(const bin::stats_response& st) {
  record r;
  r.add("process_id", number_cell(st.process_id))
      .add("cpu_usage", float_cell(st.cpu_usage, 2))
      .add("total_cpu_usage", float_cell(st.total_cpu_usage, 2))
      .add("memory_usage", bytes_cell(st.memory_usage))
      .add("total_memory", bytes_cell(st.total_memory))
      .add("available_memory", bytes_cell(st.available_memory))
      .add("run_time", duration_cell(st.run_time))
      .add("start_time", time_cell(st.start_time))
      .add("read_bytes", bytes_cell(st.read_bytes))
      .add("written_bytes", bytes_cell(st.written_bytes))
      .add("messages_size_bytes", bytes_cell(st.messages_size_bytes))
      .add("streams_count", number_cell(st.streams_count))
      .add("topics_count", number_cell(st.topics_count))
      .add("partitions_count", number_cell(st.partitions_count))
      .add("segments_count", number_cell(st.segments_count))
      .add("messages_count", number_cell(st.messages_count))
      .add("clients_count", number_cell(st.clients_count))
      .add("consumer_groups_count", number_cell(st.consumer_groups_count))
      .add("hostname", text_cell(st.hostname))
      .add("os_name", text_cell(st.os_name))
      .add("os_version", text_cell(st.os_version))
      .add("kernel_version", text_cell(st.kernel_version))
      .add("server_version", text_cell(st.iggy_server_version))
      .add("threads_count", number_cell(st.threads_count))
      .add("free_disk_space", bytes_cell(st.free_disk_space))
      .add("total_disk_space", bytes_cell(st.total_disk_space));
  std::vector<record> cache;
  for (const auto& m : st.cache_metrics)
    cache.push_back(record()
                        .add("stream_id", number_cell(m.stream_id))
                        .add("topic_id", number_cell(m.topic_id))
                        .add("partition_id", number_cell(m.partition_id))
                        .add("hits", number_cell(m.hits))
                        .add("misses", number_cell(m.misses))
                        .add("hit_ratio", float_cell(m.hit_ratio, 3)));
  if (!cache.empty()) r.add_list("cache_metrics", std::move(cache));
  r.add("failed_partitions_count", number_cell(st.failed_partitions.size()));
  std::vector<record> failed;
  for (const auto& p : st.failed_partitions)
    failed.push_back(record()
                         .add("stream_id", number_cell(p.stream_id))
                         .add("topic_id", number_cell(p.topic_id))
                         .add("partition_id", number_cell(p.partition_id)));
  if (!failed.empty()) r.add_list("failed_partitions", std::move(failed));
  return r;
}

std::string_view node_role_name(bin::cluster_node_role r) {
  return r == bin::cluster_node_role::leader ? "leader" : "follower";
}

std::string_view node_status_name(bin::cluster_node_status st) {
  switch (st) {
    case bin::cluster_node_status::healthy: return "healthy";
    case bin::cluster_node_status::starting: return "starting";
    case bin::cluster_node_status::stopping: return "stopping";
    case bin::cluster_node_status::unreachable: return "unreachable";
    case bin::cluster_node_status::maintenance: return "maintenance";
    case bin::cluster_node_status::unknown: break;
  }
  return "unknown";
}

record cluster_record(const bin::cluster_metadata& m) {
  std::vector<record> nodes;
  for (const auto& n : m.nodes)
    nodes.push_back(record()
                        .add("name", text_cell(n.name))
                        .add("ip", text_cell(n.ip))
                        .add("tcp_port", number_cell(n.tcp_port))
                        .add("quic_port", number_cell(n.quic_port))
                        .add("http_port", number_cell(n.http_port))
                        .add("websocket_port", number_cell(n.websocket_port))
                        .add("role", text_cell(std::string(node_role_name(n.role))))
                        .add("status", text_cell(std::string(node_status_name(n.status)))));
  record r;
  r.add("name", text_cell(m.name)).add("nodes_count", number_cell(m.nodes.size()));
  r.add_list("nodes", std::move(nodes));
  return r;
}

}  // namespace

void add_system_commands(CLI::App& app, state& s) {
  {
    auto* cmd = app.add_subcommand("stats", "show server statistics");
    on_run(cmd, s, [&s] {
      auto c = connect(s.global);
      print_record(s.global.format(), stats_record(check(c.get_stats(), {.action = "get the server statistics"})));
    });
  }
  {
    auto* cmd = app.add_subcommand("me", "show this connection as the server sees it");
    on_run(cmd, s, [&s] {
      auto c = connect(s.global);
      print_record(s.global.format(), client_details_record(check(c.get_me(), {.action = "get this client"})));
    });
  }
  auto* group = app.add_subcommand("client", "show connected clients");
  group->alias("c");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand("get", "show a client");
    auto id = std::make_shared<std::string>();
    cmd->add_option("client_id", *id, "client id")->required();
    on_run(cmd, s, [&s, id] {
      const uint32_t client_id = parse_u32(*id, "client id");
      auto c = connect(s.global);
      const auto details = check(c.get_client(client_id), {.action = "get client " + *id});
      if (!details) command_error("client " + *id + " not found");
      print_record(s.global.format(), client_details_record(*details));
    });
  }
  {
    auto* cmd = group->add_subcommand("list", "list connected clients");
    on_run(cmd, s, [&s] {
      auto c = connect(s.global);
      const auto clients = check(c.get_clients(), {.action = "list clients"});
      std::vector<record> rows;
      for (const auto& cl : clients) rows.push_back(client_record(cl));
      print_list(s.global.format(), client_columns(), rows);
    });
  }
  auto* cluster = app.add_subcommand("cluster", "show the cluster");
  cluster->alias("cl");
  cluster->require_subcommand(1);
  {
    auto* cmd = cluster->add_subcommand("metadata", "show the cluster's name and nodes");
    on_run(cmd, s, [&s] {
      auto c = connect(s.global);
      print_record(s.global.format(),
                   cluster_record(check(c.get_cluster_metadata(), {.action = "get the cluster metadata"})));
    });
  }
}

}  // namespace whippet::cli
