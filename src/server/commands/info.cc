#include "server/commands/info.h"

namespace whippet::server::commands {

topic_info topic_info_of(const metadata::stream& s, const metadata::topic& t, const stats_map& stats,
                         bool partitions) {
  topic_info out;
  out.id = t.id;
  out.created_at = t.created_at;
  out.name = t.name;
  out.partitions_count = t.partitions_count;
  out.message_expiry = t.message_expiry;
  out.compression = t.compression;
  out.max_topic_size = t.max_topic_size;
  out.replication_factor = t.replication_factor;
  for (uint32_t p = 0; p < t.partitions_count; ++p) {
    partition_info pi;
    pi.id = p;
    pi.created_at = p < t.partition_created_at.size() ? t.partition_created_at[p] : t.created_at;
    if (auto it = stats.find({s.id, t.id, p}); it != stats.end()) {
      pi.segments_count = it->second.segments;
      pi.current_offset = it->second.last_offset.value_or(0);
      pi.size_bytes = it->second.size_bytes;
      pi.messages_count = it->second.messages;
    }
    out.size_bytes += pi.size_bytes;
    out.messages_count += pi.messages_count;
    if (partitions) out.partitions.push_back(pi);
  }
  return out;
}

stream_info stream_info_of(const metadata::stream& s, const stats_map& stats, bool topics) {
  stream_info out;
  out.id = s.id;
  out.created_at = s.created_at;
  out.name = s.name;
  out.topics_count = static_cast<uint32_t>(s.topics.size());
  for (const auto& [tid, t] : s.topics) {
    topic_info ti = topic_info_of(s, t, stats, false);
    out.size_bytes += ti.size_bytes;
    out.messages_count += ti.messages_count;
    if (topics) out.topics.push_back(std::move(ti));
  }
  return out;
}

}  // namespace whippet::server::commands
