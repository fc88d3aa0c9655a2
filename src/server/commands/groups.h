#pragma once
// Consumer group and consumer offset commands (commands/command.h). Group
// membership is runtime state on shard 0: a join or a leave (or a member's
// disconnect) rebalances the topic's partitions over the members,
// round-robin in client id order. Every group command needs read on the
// topic (Iggy's rule); offsets need poll.

#include <cstdint>
#include <optional>
#include <vector>

#include "server/commands/command.h"

namespace whippet::server::commands {

// The group with its members.
op<group_info> get_consumer_group(command_context& ctx, ref stream, ref topic, ref group);
op<std::vector<group_info>> get_consumer_groups(command_context& ctx, ref stream, ref topic);
op<group_info> create_consumer_group(command_context& ctx, ref stream, ref topic, std::string name);
// Its stored offsets go with it.
op<void> delete_consumer_group(command_context& ctx, ref stream, ref topic, ref group);
// The caller's session joins or leaves; joining twice changes nothing.
op<void> join_consumer_group(command_context& ctx, ref stream, ref topic, ref group);
op<void> leave_consumer_group(command_context& ctx, ref stream, ref topic, ref group);
// A disconnected client leaves every group it joined.
boost::asio::awaitable<void> leave_all_groups(broker& b, uint32_t client_id);

// A consumer without a partition means partition 0; a group member without
// one means its first assigned partition. Nothing stored: nullopt.
op<std::optional<offset_info>> get_consumer_offset(command_context& ctx, consumer_ref consumer, ref stream, ref topic,
                                                   std::optional<uint32_t> partition);
op<void> store_consumer_offset(command_context& ctx, consumer_ref consumer, ref stream, ref topic,
                               std::optional<uint32_t> partition, uint64_t offset);
op<void> delete_consumer_offset(command_context& ctx, consumer_ref consumer, ref stream, ref topic,
                                std::optional<uint32_t> partition);

}  // namespace whippet::server::commands
