#include "server/handlers/views.h"

namespace whippet::server::handlers {
namespace bin = protocol::binary;

bin::topic_header topic_view(const commands::topic_info& t) {
  bin::topic_header h;
  h.id = t.id;
  h.created_at = t.created_at;
  h.partitions_count = t.partitions_count;
  h.message_expiry = t.message_expiry;
  h.compression = static_cast<bin::compression_algorithm>(t.compression);
  h.max_topic_size = t.max_topic_size;
  h.replication_factor = t.replication_factor;
  h.size_bytes = t.size_bytes;
  h.messages_count = t.messages_count;
  h.name = t.name;
  return h;
}

bin::topic_details topic_details_view(const commands::topic_info& t) {
  bin::topic_details d;
  d.topic = topic_view(t);
  for (const auto& p : t.partitions)
    d.partitions.push_back({p.id, p.created_at, p.segments_count, p.current_offset, p.size_bytes, p.messages_count});
  return d;
}

bin::stream_response stream_view(const commands::stream_info& s) {
  return {s.id, s.created_at, s.topics_count, s.size_bytes, s.messages_count, s.name};
}

bin::stream_details stream_details_view(const commands::stream_info& s) {
  bin::stream_details d;
  d.stream = stream_view(s);
  for (const auto& t : s.topics) d.topics.push_back(topic_view(t));
  return d;
}

}  // namespace whippet::server::handlers
