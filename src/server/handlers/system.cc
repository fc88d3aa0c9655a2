// System commands over the Iggy binary protocol: ping, get_stats, get_me,
// get_client, get_clients, get_cluster_metadata and get_snapshot
// (commands/system.h).

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
#include "server/commands/system.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"

namespace whippet::server::handlers {
namespace {

bin::client_details details_of(const commands::client_view& c) {
  bin::client_details d;
  d.client_id = c.client_id;
  d.user_id = c.user_id.value_or(0);
  d.transport = static_cast<bin::transport_kind>(c.transport);
  d.address = c.address;
  for (const auto& g : c.groups) d.consumer_groups.push_back({g.stream_id, g.topic_id, g.group_id});
  return d;
}

bin::stats_response stats_of(const commands::server_stats& s) {
  bin::stats_response r;
  r.process_id = s.process_id;
  r.cpu_usage = s.cpu_usage;
  r.total_cpu_usage = s.total_cpu_usage;
  r.memory_usage = s.memory_usage;
  r.total_memory = s.total_memory;
  r.available_memory = s.available_memory;
  r.run_time = s.run_time;
  r.start_time = s.start_time;
  r.read_bytes = s.read_bytes;
  r.written_bytes = s.written_bytes;
  r.messages_size_bytes = s.messages_size_bytes;
  r.streams_count = s.streams_count;
  r.topics_count = s.topics_count;
  r.partitions_count = s.partitions_count;
  r.segments_count = s.segments_count;
  r.messages_count = s.messages_count;
  r.clients_count = s.clients_count;
  r.consumer_groups_count = s.consumer_groups_count;
  r.hostname = s.hostname;
  r.os_name = s.os_name;
  r.os_version = s.os_version;
  r.kernel_version = s.kernel_version;
  r.iggy_server_version = "0.8.0 (whippet 0.1.0)";
  r.iggy_server_semver = 0;  // absent: Whippet is not an Iggy release
  r.threads_count = s.threads_count;
  r.free_disk_space = s.free_disk_space;
  r.total_disk_space = s.total_disk_space;
  for (const auto& f : s.failed_partitions) r.failed_partitions.push_back({f.stream_id, f.topic_id, f.partition_id});
  return r;
}

}  // namespace

boost::asio::awaitable<reply> handle_ping(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_ping_request(payload));
  co_return reply::ok();
}

boost::asio::awaitable<reply> handle_get_stats(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_stats_request(payload));
  auto r = co_await commands::get_stats(ctx);
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(stats_of(*r)));
}

boost::asio::awaitable<reply> handle_get_me(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_me_request(payload));
  auto r = co_await commands::get_me(ctx);
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(details_of(*r)));
}

boost::asio::awaitable<reply> handle_get_client(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_client_request(payload));
  auto r = co_await commands::get_client(ctx, req.client_id);
  if (!r && r.error() == commands::errc::client_not_found) co_return reply::ok();  // unknown: an empty answer
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(details_of(*r)));
}

boost::asio::awaitable<reply> handle_get_clients(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_clients_request(payload));
  auto r = co_await commands::get_clients(ctx);
  if (!r) co_return reply::error(to_status(r.error()));
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  for (const auto& c : *r) {
    bin::encode(w, bin::client_response{c.client_id, c.user_id.value_or(0), static_cast<bin::transport_kind>(c.transport),
                                        c.address, static_cast<uint32_t>(c.groups.size())});
  }
  co_return reply::ok(std::move(out));
}

// Iggy reports each transport's bound port, or its configured port when that
// transport is not running; Whippet serves TCP only and has no QUIC, HTTP or
// WebSocket address to report, so those are 0.
boost::asio::awaitable<reply> handle_get_cluster_metadata(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_cluster_metadata_request(payload));
  auto r = co_await commands::get_cluster_metadata(ctx);
  if (!r) co_return reply::error(to_status(r.error()));
  bin::cluster_node node;
  node.name = r->node_name;
  node.ip = r->ip;
  node.tcp_port = r->tcp_port;
  node.role = bin::cluster_node_role::leader;
  node.status = bin::cluster_node_status::healthy;
  co_return reply::ok(encoded(bin::cluster_metadata{r->name, {node}}));
}

boost::asio::awaitable<reply> handle_get_snapshot(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_snapshot_request(payload));
  co_return answer(co_await commands::get_snapshot(ctx));
}

}  // namespace whippet::server::handlers
