#pragma once
// Stream commands (commands/command.h).

#include <string>
#include <vector>

#include "server/commands/command.h"

namespace whippet::server::commands {

// The stream with its topics (read on the stream).
op<stream_info> get_stream(command_context& ctx, ref stream);
// Every stream, without topics (global read_streams).
op<std::vector<stream_info>> get_streams(command_context& ctx);
// manage_streams; the new stream, empty.
op<stream_info> create_stream(command_context& ctx, std::string name);
// manage on the stream, for the rest.
op<void> update_stream(command_context& ctx, ref stream, std::string name);
op<void> delete_stream(command_context& ctx, ref stream);
op<void> purge_stream(command_context& ctx, ref stream);

}  // namespace whippet::server::commands
