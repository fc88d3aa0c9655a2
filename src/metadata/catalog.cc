#include "metadata/catalog.h"

#include <algorithm>

namespace whippet::metadata {
namespace {

template <typename Map>
uint32_t lowest_free_id(const Map& m) {
  uint32_t id = 0;
  for (const auto& [k, v] : m) {
    if (k != id) break;
    ++id;
  }
  return id;
}

template <typename Map, typename Name>
auto* find_in(Map& m, const ref& r, Name name_of) {
  using value_ptr = decltype(&m.begin()->second);
  if (const auto* id = std::get_if<uint32_t>(&r)) {
    auto it = m.find(*id);
    return it == m.end() ? value_ptr{nullptr} : &it->second;
  }
  const auto& wanted = std::get<std::string>(r);
  for (auto& [k, v] : m)
    if (name_of(v) == wanted) return &v;
  return value_ptr{nullptr};
}

}  // namespace

std::string_view to_string(errc e) noexcept {
  switch (e) {
    case errc::stream_not_found: return "stream not found";
    case errc::stream_name_exists: return "a stream with this name exists";
    case errc::invalid_stream_name: return "invalid stream name";
    case errc::topic_not_found: return "topic not found";
    case errc::topic_name_exists: return "a topic with this name exists";
    case errc::invalid_topic_name: return "invalid topic name";
    case errc::too_many_partitions: return "too many partitions";
    case errc::invalid_partitions_count: return "invalid partitions count";
    case errc::partition_not_found: return "partition not found";
    case errc::user_not_found: return "user not found";
    case errc::user_exists: return "a user with this name exists";
    case errc::invalid_username: return "invalid username";
    case errc::invalid_password: return "invalid password";
    case errc::cannot_change_root: return "the root user cannot be changed this way";
    case errc::pat_exists: return "a token with this name exists";
    case errc::pat_not_found: return "token not found";
    case errc::pats_limit_reached: return "too many tokens";
    case errc::invalid_pat_name: return "invalid token name";
    case errc::group_not_found: return "consumer group not found";
    case errc::group_name_exists: return "a consumer group with this name exists";
    case errc::invalid_group_name: return "invalid consumer group name";
    case errc::member_not_found: return "not a member of the consumer group";
    case errc::invalid_argument: return "invalid argument";
    case errc::limit_reached: return "a limit on the number of objects was reached";
    case errc::io_error: return "state I/O error";
    case errc::corrupt_state: return "corrupt state";
    case errc::unsupported_format: return "the state was written in a format this server does not read";
  }
  return "unknown metadata error";
}

const stream* catalog::find_stream(const ref& r) const {
  return find_in(streams, r, [](const stream& s) -> const std::string& { return s.name; });
}
const topic* catalog::find_topic(const stream& s, const ref& r) const {
  return find_in(s.topics, r, [](const topic& t) -> const std::string& { return t.name; });
}
const user* catalog::find_user(const ref& r) const {
  return find_in(users, r, [](const user& u) -> const std::string& { return u.username; });
}
const consumer_group* catalog::find_group(const topic& t, const ref& r) const {
  return find_in(t.groups, r, [](const consumer_group& g) -> const std::string& { return g.name; });
}

result<const stream*, errc> catalog::get_stream(const ref& r) const {
  const stream* s = find_stream(r);
  if (s == nullptr) return fail(errc::stream_not_found);
  return s;
}

result<const topic*, errc> catalog::get_topic(const ref& stream_ref, const ref& topic_ref) const {
  auto s = get_stream(stream_ref);
  if (!s) return fail(s.error());
  const topic* t = find_topic(**s, topic_ref);
  if (t == nullptr) return fail(errc::topic_not_found);
  return t;
}

uint32_t catalog::next_stream_id() const { return lowest_free_id(streams); }
uint32_t catalog::next_topic_id(const stream& s) const { return lowest_free_id(s.topics); }
uint32_t catalog::next_user_id() const { return lowest_free_id(users); }
uint32_t catalog::next_group_id(const topic& t) const { return lowest_free_id(t.groups); }

size_t catalog::topic_count() const {
  size_t n = 0;
  for (const auto& [id, s] : streams) n += s.topics.size();
  return n;
}
size_t catalog::partition_count() const {
  size_t n = 0;
  for (const auto& [sid, s] : streams)
    for (const auto& [tid, t] : s.topics) n += t.partitions_count;
  return n;
}
size_t catalog::group_count() const {
  size_t n = 0;
  for (const auto& [sid, s] : streams)
    for (const auto& [tid, t] : s.topics) n += t.groups.size();
  return n;
}

stream* catalog::mutable_stream(uint32_t id) {
  auto it = streams.find(id);
  return it == streams.end() ? nullptr : &it->second;
}
topic* catalog::mutable_topic(uint32_t stream_id, uint32_t topic_id) {
  stream* s = mutable_stream(stream_id);
  if (s == nullptr) return nullptr;
  auto it = s->topics.find(topic_id);
  return it == s->topics.end() ? nullptr : &it->second;
}
std::pair<const user*, const personal_access_token*> catalog::find_token(std::string_view hash) const {
  auto it = token_owners.find(hash);
  if (it == token_owners.end()) return {nullptr, nullptr};
  auto u = users.find(it->second.first);
  if (u == users.end()) return {nullptr, nullptr};
  auto t = u->second.tokens.find(it->second.second);
  if (t == u->second.tokens.end()) return {nullptr, nullptr};
  return {&u->second, &t->second};
}

user* catalog::mutable_user(uint32_t id) {
  auto it = users.find(id);
  return it == users.end() ? nullptr : &it->second;
}

void rebalance(consumer_group& g, uint32_t partitions_count) {
  std::sort(g.members.begin(), g.members.end(),
            [](const consumer_group_member& a, const consumer_group_member& b) { return a.client_id < b.client_id; });
  for (auto& m : g.members) m.partitions.clear();
  if (g.members.empty()) return;
  for (uint32_t p = 0; p < partitions_count; ++p) g.members[p % g.members.size()].partitions.push_back(p);
}

size_t permission_entries(const std::optional<permissions>& p) {
  if (!p) return 0;
  size_t n = p->streams.size();
  for (const auto& [id, s] : p->streams) n += s.topics.size();
  return n;
}

bool valid_name(const std::string& name) { return !name.empty() && name.size() <= 255; }
bool valid_username(const std::string& name) { return name.size() >= 3 && name.size() <= 50; }
bool valid_password(const std::string& password) { return password.size() >= 3 && password.size() <= 100; }

}  // namespace whippet::metadata
