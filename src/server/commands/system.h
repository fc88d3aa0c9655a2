#pragma once
// System commands (commands/command.h): stats, clients, the cluster's
// metadata and snapshots.

#include <vector>

#include "server/commands/command.h"

namespace whippet::server::commands {

// read_servers.
op<server_stats> get_stats(command_context& ctx);
// Oneself: a login is enough.
op<client_view> get_me(command_context& ctx);
// read_servers for the rest.
op<client_view> get_client(command_context& ctx, uint32_t client_id);
op<std::vector<client_view>> get_clients(command_context& ctx);
// A login is enough.
op<cluster_info> get_cluster_metadata(command_context& ctx);
// Not offered: feature_unavailable after the login check.
op<void> get_snapshot(command_context& ctx);

}  // namespace whippet::server::commands
