#include "server/auth/permissions.h"

namespace whippet::server::auth {
namespace {

const metadata::permissions* perms_of(const metadata::catalog& c, uint32_t user_id) {
  auto it = c.users.find(user_id);
  if (it == c.users.end() || !it->second.perms) return nullptr;
  return &*it->second.perms;
}

const protocol::binary::stream_permissions* stream_perms(const metadata::permissions& p, uint32_t stream_id) {
  auto it = p.streams.find(stream_id);
  return it == p.streams.end() ? nullptr : &it->second;
}

}  // namespace

bool allowed(const metadata::catalog& c, uint32_t user_id, global_right right) {
  if (user_id == metadata::root_user_id) return true;
  const auto* p = perms_of(c, user_id);
  if (p == nullptr) return false;
  const auto& g = p->global;
  switch (right) {
    case global_right::manage_servers: return g.manage_servers;
    case global_right::read_servers: return g.read_servers || g.manage_servers;
    case global_right::manage_users: return g.manage_users;
    case global_right::read_users: return g.read_users || g.manage_users;
    case global_right::manage_streams: return g.manage_streams;
    case global_right::read_streams: return g.read_streams || g.manage_streams;
  }
  return false;
}

bool allowed(const metadata::catalog& c, uint32_t user_id, uint32_t stream_id, stream_right right) {
  if (user_id == metadata::root_user_id) return true;
  const auto* p = perms_of(c, user_id);
  if (p == nullptr) return false;
  const auto& g = p->global;
  const auto* s = stream_perms(*p, stream_id);
  switch (right) {
    case stream_right::manage: return g.manage_streams || (s && s->manage_stream);
    case stream_right::read:
      return g.manage_streams || g.read_streams || (s && (s->manage_stream || s->read_stream));
  }
  return false;
}

bool allowed(const metadata::catalog& c, uint32_t user_id, uint32_t stream_id, uint32_t topic_id, topic_right right) {
  if (user_id == metadata::root_user_id) return true;
  const auto* p = perms_of(c, user_id);
  if (p == nullptr) return false;
  const auto& g = p->global;
  const auto* s = stream_perms(*p, stream_id);
  const protocol::binary::topic_permissions* t = nullptr;
  if (s) {
    auto it = s->topics.find(topic_id);
    if (it != s->topics.end()) t = &it->second;
  }
  switch (right) {
    case topic_right::manage:
      return g.manage_streams || g.manage_topics || (s && (s->manage_stream || s->manage_topics)) ||
             (t && t->manage_topic);
    case topic_right::read:
      return g.manage_streams || g.read_streams || g.manage_topics || g.read_topics ||
             (s && (s->manage_stream || s->read_stream || s->manage_topics || s->read_topics)) ||
             (t && (t->manage_topic || t->read_topic));
    case topic_right::send:
      return g.manage_streams || g.manage_topics || g.send_messages ||
             (s && (s->manage_stream || s->manage_topics || s->send_messages)) ||
             (t && (t->manage_topic || t->send_messages));
    case topic_right::poll:
      return g.manage_streams || g.read_streams || g.manage_topics || g.read_topics || g.poll_messages ||
             (s && (s->manage_stream || s->read_stream || s->manage_topics || s->read_topics || s->poll_messages)) ||
             (t && (t->manage_topic || t->read_topic || t->poll_messages));
  }
  return false;
}

}  // namespace whippet::server::auth
