#pragma once
// stream_info and topic_info from the catalog plus the partition figures
// gathered from the shards that own them (broker::collect_stats).

#include <unordered_map>

#include "server/broker.h"
#include "server/commands/types.h"

namespace whippet::server::commands {

using stats_map = std::unordered_map<partition_key, partition_stats, partition_key_hash>;

// With its partitions when `partitions`.
topic_info topic_info_of(const metadata::stream& s, const metadata::topic& t, const stats_map& stats, bool partitions);
// With its topics (without their partitions) when `topics`.
stream_info stream_info_of(const metadata::stream& s, const stats_map& stats, bool topics);

}  // namespace whippet::server::commands
