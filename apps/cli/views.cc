#include "views.h"

namespace whippet::cli {

record stream_record(const bin::stream_response& s) {
  return record()
      .add("id", number_cell(s.id))
      .add("name", text_cell(s.name))
      .add("created_at", time_cell(s.created_at))
      .add("topics_count", number_cell(s.topics_count))
      .add("size_bytes", bytes_cell(s.size_bytes))
      .add("messages_count", number_cell(s.messages_count));
}
std::vector<std::string> stream_columns() {
  return {"id", "name", "created_at", "topics_count", "size_bytes", "messages_count"};
}

record topic_record(const bin::topic_header& t) {
  return record()
      .add("id", number_cell(t.id))
      .add("name", text_cell(t.name))
      .add("created_at", time_cell(t.created_at))
      .add("partitions_count", number_cell(t.partitions_count))
      .add("message_expiry", expiry_cell(t.message_expiry))
      .add("max_topic_size", max_size_cell(t.max_topic_size))
      .add("compression_algorithm",
           text_cell(t.compression == bin::compression_algorithm::gzip ? "gzip" : "none"))
      .add("replication_factor", number_cell(t.replication_factor))
      .add("size_bytes", bytes_cell(t.size_bytes))
      .add("messages_count", number_cell(t.messages_count));
}
std::vector<std::string> topic_columns() {
  return {"id", "name", "created_at", "partitions_count", "message_expiry", "max_topic_size", "size_bytes",
          "messages_count"};
}

record partition_record(const bin::partition_response& p) {
  return record()
      .add("id", number_cell(p.id))
      .add("created_at", time_cell(p.created_at))
      .add("segments_count", number_cell(p.segments_count))
      .add("current_offset", number_cell(p.current_offset))
      .add("size_bytes", bytes_cell(p.size_bytes))
      .add("messages_count", number_cell(p.messages_count));
}

record topic_details_record(const bin::topic_details& t) {
  record r = topic_record(t.topic);
  std::vector<record> parts;
  for (const auto& p : t.partitions) parts.push_back(partition_record(p));
  r.add_list("partitions", std::move(parts));
  return r;
}

std::string status_name(bin::user_status s) { return s == bin::user_status::active ? "active" : "inactive"; }

record user_record(const bin::user_response& u) {
  return record()
      .add("id", number_cell(u.id))
      .add("username", text_cell(u.username))
      .add("status", text_cell(status_name(u.status)))
      .add("created_at", time_cell(u.created_at));
}
std::vector<std::string> user_columns() { return {"id", "username", "status", "created_at"}; }

record group_record(const bin::consumer_group_response& g) {
  return record()
      .add("id", number_cell(g.id))
      .add("name", text_cell(g.name))
      .add("partitions_count", number_cell(g.partitions_count))
      .add("members_count", number_cell(g.members_count));
}
std::vector<std::string> group_columns() { return {"id", "name", "partitions_count", "members_count"}; }

std::string transport_name(bin::transport_kind t) {
  switch (t) {
    case bin::transport_kind::tcp: return "tcp";
    case bin::transport_kind::quic: return "quic";
    case bin::transport_kind::http: return "http";
    case bin::transport_kind::websocket: return "websocket";
  }
  return "unknown";
}

record client_record(const bin::client_response& c) {
  return record()
      .add("client_id", number_cell(c.client_id))
      .add("user_id", number_cell(c.user_id))
      .add("transport", text_cell(transport_name(c.transport)))
      .add("address", text_cell(c.address))
      .add("consumer_groups_count", number_cell(c.consumer_groups_count));
}
std::vector<std::string> client_columns() {
  return {"client_id", "user_id", "transport", "address", "consumer_groups_count"};
}

record client_details_record(const bin::client_details& c) {
  record r = record()
                 .add("client_id", number_cell(c.client_id))
                 .add("user_id", number_cell(c.user_id))
                 .add("transport", text_cell(transport_name(c.transport)))
                 .add("address", text_cell(c.address))
                 .add("consumer_groups_count", number_cell(c.consumer_groups.size()));
  std::vector<record> groups;
  for (const auto& g : c.consumer_groups)
    groups.push_back(record()
                         .add("stream_id", number_cell(g.stream_id))
                         .add("topic_id", number_cell(g.topic_id))
                         .add("group_id", number_cell(g.group_id)));
  r.add_list("consumer_groups", std::move(groups));
  return r;
}

}  // namespace whippet::cli
