#pragma once
// views: wire responses built from the catalog plus partition figures
// gathered from the shards that own them.

#include <boost/asio/awaitable.hpp>

#include "protocol/binary/responses/stream.h"
#include "protocol/binary/responses/topic.h"
#include "server/broker.h"

namespace whippet::server::handlers {

using stats_map = std::unordered_map<partition_key, partition_stats, partition_key_hash>;

protocol::binary::topic_header topic_view(const metadata::stream& s, const metadata::topic& t, const stats_map& stats);
protocol::binary::topic_details topic_details_view(const metadata::stream& s, const metadata::topic& t,
                                                   const stats_map& stats);
protocol::binary::stream_response stream_view(const metadata::stream& s, const stats_map& stats);

}  // namespace whippet::server::handlers
