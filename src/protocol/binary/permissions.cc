// The permissions part of primitives.h: the linked-list tree of global,
// per-stream and per-topic flags.

#include <utility>

#include "protocol/binary/decode_support.h"
#include "protocol/binary/primitives.h"

namespace whippet::protocol::binary {
namespace {

// Reads one u8 flag of the permissions tree into `out`.
result<void, status> read_flag(bytes::byte_reader& r, bool& out) {
  WHIPPET_TRY_ASSIGN(out, read_bool(r));
  return {};
}

result<void, status> read_topic_list(bytes::byte_reader& r, std::map<uint32_t, topic_permissions>& topics) {
  bool more = true;
  while (more) {
    uint32_t id = 0;
    topic_permissions t;
    WHIPPET_TRY_ASSIGN(id, read_u32(r));
    WHIPPET_TRY(read_flag(r, t.manage_topic));
    WHIPPET_TRY(read_flag(r, t.read_topic));
    WHIPPET_TRY(read_flag(r, t.poll_messages));
    WHIPPET_TRY(read_flag(r, t.send_messages));
    if (!topics.emplace(id, t).second) return fail(status::invalid_format);
    WHIPPET_TRY_ASSIGN(more, read_bool(r));
  }
  return {};
}

result<void, status> read_stream_list(bytes::byte_reader& r, std::map<uint32_t, stream_permissions>& streams) {
  bool more = true;
  while (more) {
    uint32_t id = 0;
    stream_permissions s;
    WHIPPET_TRY_ASSIGN(id, read_u32(r));
    WHIPPET_TRY(read_flag(r, s.manage_stream));
    WHIPPET_TRY(read_flag(r, s.read_stream));
    WHIPPET_TRY(read_flag(r, s.manage_topics));
    WHIPPET_TRY(read_flag(r, s.read_topics));
    WHIPPET_TRY(read_flag(r, s.poll_messages));
    WHIPPET_TRY(read_flag(r, s.send_messages));
    bool has_topics = false;
    WHIPPET_TRY_ASSIGN(has_topics, read_bool(r));
    if (has_topics) WHIPPET_TRY(read_topic_list(r, s.topics));
    if (!streams.emplace(id, std::move(s)).second) return fail(status::invalid_format);
    WHIPPET_TRY_ASSIGN(more, read_bool(r));
  }
  return {};
}

}  // namespace

result<permissions, status> read_permissions(bytes::byte_reader& r) {
  permissions p;
  global_permissions& g = p.global;
  for (bool* flag : {&g.manage_servers, &g.read_servers, &g.manage_users, &g.read_users, &g.manage_streams,
                     &g.read_streams, &g.manage_topics, &g.read_topics, &g.poll_messages, &g.send_messages}) {
    WHIPPET_TRY(read_flag(r, *flag));
  }
  bool has_streams = false;
  WHIPPET_TRY_ASSIGN(has_streams, read_bool(r));
  if (has_streams) WHIPPET_TRY(read_stream_list(r, p.streams));
  return p;
}

void write_permissions(bytes::byte_writer& w, const permissions& p) {
  const global_permissions& g = p.global;
  for (bool flag : {g.manage_servers, g.read_servers, g.manage_users, g.read_users, g.manage_streams, g.read_streams,
                    g.manage_topics, g.read_topics, g.poll_messages, g.send_messages}) {
    write_bool(w, flag);
  }
  write_bool(w, !p.streams.empty());
  size_t streams_left = p.streams.size();
  for (const auto& [stream_id, s] : p.streams) {
    w.write<uint32_t>(stream_id);
    for (bool flag : {s.manage_stream, s.read_stream, s.manage_topics, s.read_topics, s.poll_messages, s.send_messages}) {
      write_bool(w, flag);
    }
    write_bool(w, !s.topics.empty());
    size_t topics_left = s.topics.size();
    for (const auto& [topic_id, t] : s.topics) {
      w.write<uint32_t>(topic_id);
      for (bool flag : {t.manage_topic, t.read_topic, t.poll_messages, t.send_messages}) write_bool(w, flag);
      write_bool(w, --topics_left > 0);
    }
    write_bool(w, --streams_left > 0);
  }
}

result<std::optional<permissions>, status> read_optional_permissions(bytes::byte_reader& r) {
  bool has = false;
  WHIPPET_TRY_ASSIGN(has, read_bool(r));
  if (!has) return std::optional<permissions>{};
  uint32_t len = 0;
  WHIPPET_TRY_ASSIGN(len, read_u32(r));
  auto body = r.read_bytes(len);
  if (!body) return fail(status::invalid_format);
  bytes::byte_reader inner(*body);
  std::optional<permissions> p;
  WHIPPET_TRY_ASSIGN(p, read_permissions(inner));
  WHIPPET_TRY(expect_end(inner));
  return p;
}

void write_optional_permissions(bytes::byte_writer& w, const std::optional<permissions>& p) {
  write_bool(w, p.has_value());
  if (!p) return;
  std::vector<uint8_t> body;
  bytes::byte_writer inner(body);
  write_permissions(inner, *p);
  w.write<uint32_t>(static_cast<uint32_t>(body.size()));
  w.write_bytes(body);
}

}  // namespace whippet::protocol::binary
