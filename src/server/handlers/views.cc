#include "server/handlers/views.h"

namespace whippet::server::handlers {
namespace bin = protocol::binary;

bin::topic_header topic_view(const metadata::stream& s, const metadata::topic& t, const stats_map& stats) {
  bin::topic_header h;
  h.id = t.id;
  h.created_at = t.created_at;
  h.partitions_count = t.partitions_count;
  h.message_expiry = t.message_expiry;
  h.compression = static_cast<bin::compression_algorithm>(t.compression);
  h.max_topic_size = t.max_topic_size;
  h.replication_factor = t.replication_factor;
  h.name = t.name;
  for (uint32_t p = 0; p < t.partitions_count; ++p) {
    auto it = stats.find({s.id, t.id, p});
    if (it == stats.end()) continue;
    h.size_bytes += it->second.size_bytes;
    h.messages_count += it->second.messages;
  }
  return h;
}

bin::topic_details topic_details_view(const metadata::stream& s, const metadata::topic& t, const stats_map& stats) {
  bin::topic_details d;
  d.topic = topic_view(s, t, stats);
  for (uint32_t p = 0; p < t.partitions_count; ++p) {
    bin::partition_response pr;
    pr.id = p;
    pr.created_at = p < t.partition_created_at.size() ? t.partition_created_at[p] : t.created_at;
    if (auto it = stats.find({s.id, t.id, p}); it != stats.end()) {
      pr.segments_count = it->second.segments;
      pr.current_offset = it->second.last_offset.value_or(0);
      pr.size_bytes = it->second.size_bytes;
      pr.messages_count = it->second.messages;
    }
    d.partitions.push_back(pr);
  }
  return d;
}

bin::stream_response stream_view(const metadata::stream& s, const stats_map& stats) {
  bin::stream_response r;
  r.id = s.id;
  r.created_at = s.created_at;
  r.topics_count = static_cast<uint32_t>(s.topics.size());
  r.name = s.name;
  for (const auto& [tid, t] : s.topics) {
    const auto h = topic_view(s, t, stats);
    r.size_bytes += h.size_bytes;
    r.messages_count += h.messages_count;
  }
  return r;
}

}  // namespace whippet::server::handlers
