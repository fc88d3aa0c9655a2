#pragma once
// Topic, partition and segment commands (commands/command.h).

#include <cstdint>
#include <vector>

#include "server/commands/command.h"

namespace whippet::server::commands {

// The topic with its partitions (read on the topic).
op<topic_info> get_topic(command_context& ctx, ref stream, ref topic);
// The stream's topics, without partitions (read on the stream's topics).
op<std::vector<topic_info>> get_topics(command_context& ctx, ref stream);
// manage on the stream's topics; the new topic with its partitions, empty.
op<topic_info> create_topic(command_context& ctx, ref stream, topic_settings settings, uint32_t partitions);
// manage on the topic, for the rest.
op<void> update_topic(command_context& ctx, ref stream, ref topic, topic_settings settings);
op<void> delete_topic(command_context& ctx, ref stream, ref topic);
op<void> purge_topic(command_context& ctx, ref stream, ref topic);
// Adds `count` partitions after the last one.
op<void> create_partitions(command_context& ctx, ref stream, ref topic, uint32_t count);
// Deletes the last `count` partitions.
op<void> delete_partitions(command_context& ctx, ref stream, ref topic, uint32_t count);
// Deletes the oldest `count` sealed segments of one partition.
op<void> delete_segments(command_context& ctx, ref stream, ref topic, uint32_t partition, uint32_t count);

}  // namespace whippet::server::commands
