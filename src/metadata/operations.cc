#include "metadata/operations.h"

#include <algorithm>

#include "bytes/byte_reader.h"
#include "bytes/byte_writer.h"

namespace whippet::metadata {
namespace {
using bytes::byte_reader;
using bytes::byte_writer;

// --- apply -----------------------------------------------------------------

struct applier {
  catalog& c;

  result<void, errc> operator()(const create_stream_op& op) {
    if (c.streams.count(op.id)) return fail(errc::stream_name_exists);
    if (c.streams.size() >= max_streams) return fail(errc::limit_reached);
    c.streams[op.id] = stream{op.id, op.name, op.created_at, op.incarnation, {}};
    c.next_incarnation = std::max(c.next_incarnation, op.incarnation + 1);
    return {};
  }
  result<void, errc> operator()(const update_stream_op& op) {
    stream* s = c.mutable_stream(op.id);
    if (!s) return fail(errc::stream_not_found);
    s->name = op.name;
    return {};
  }
  result<void, errc> operator()(const delete_stream_op& op) {
    if (!c.streams.erase(op.id)) return fail(errc::stream_not_found);
    // Grants go with what they grant: a stream created later with this id
    // starts with none.
    for (auto& [uid, u] : c.users)
      if (u.perms) u.perms->streams.erase(op.id);
    return {};
  }
  result<void, errc> operator()(const create_topic_op& op) {
    stream* s = c.mutable_stream(op.stream_id);
    if (!s) return fail(errc::stream_not_found);
    if (s->topics.count(op.id)) return fail(errc::topic_name_exists);
    if (s->topics.size() >= max_topics_per_stream) return fail(errc::limit_reached);
    if (op.partition_created_at.size() > max_partitions_per_topic) return fail(errc::too_many_partitions);
    topic t;
    t.id = op.id;
    t.name = op.name;
    t.created_at = op.created_at;
    t.partitions_count = static_cast<uint32_t>(op.partition_created_at.size());
    t.partition_created_at = op.partition_created_at;
    t.incarnation = op.incarnation;
    if (op.partition_incarnation.empty()) {
      t.partition_incarnation.assign(t.partitions_count, op.incarnation);
    } else if (op.partition_incarnation.size() != t.partitions_count) {
      return fail(errc::invalid_argument);
    } else {
      t.partition_incarnation = op.partition_incarnation;
    }
    for (uint64_t inc : t.partition_incarnation) c.next_incarnation = std::max(c.next_incarnation, inc + 1);
    c.next_incarnation = std::max(c.next_incarnation, op.incarnation + 1);
    t.compression = op.compression;
    t.message_expiry = op.message_expiry;
    t.max_topic_size = op.max_topic_size;
    t.replication_factor = op.replication_factor;
    s->topics[op.id] = std::move(t);
    return {};
  }
  result<void, errc> operator()(const update_topic_op& op) {
    topic* t = c.mutable_topic(op.stream_id, op.id);
    if (!t) return fail(errc::topic_not_found);
    t->name = op.name;
    t->compression = op.compression;
    t->message_expiry = op.message_expiry;
    t->max_topic_size = op.max_topic_size;
    t->replication_factor = op.replication_factor;
    return {};
  }
  result<void, errc> operator()(const delete_topic_op& op) {
    stream* s = c.mutable_stream(op.stream_id);
    if (!s) return fail(errc::stream_not_found);
    if (!s->topics.erase(op.id)) return fail(errc::topic_not_found);
    for (auto& [uid, u] : c.users) {
      if (!u.perms) continue;
      if (auto it = u.perms->streams.find(op.stream_id); it != u.perms->streams.end()) it->second.topics.erase(op.id);
    }
    return {};
  }
  result<void, errc> operator()(const create_partitions_op& op) {
    topic* t = c.mutable_topic(op.stream_id, op.topic_id);
    if (!t) return fail(errc::topic_not_found);
    // In 64 bits: a count near UINT32_MAX must not wrap into a smaller topic.
    if (uint64_t{t->partitions_count} + op.count > max_partitions_per_topic) return fail(errc::too_many_partitions);
    t->partitions_count += op.count;
    t->partition_created_at.resize(t->partitions_count, op.created_at);
    t->partition_incarnation.resize(t->partitions_count, op.incarnation);
    c.next_incarnation = std::max(c.next_incarnation, op.incarnation + 1);
    for (auto& [gid, g] : t->groups) rebalance(g, t->partitions_count);
    return {};
  }
  result<void, errc> operator()(const delete_partitions_op& op) {
    topic* t = c.mutable_topic(op.stream_id, op.topic_id);
    if (!t) return fail(errc::topic_not_found);
    if (op.count > t->partitions_count) return fail(errc::invalid_partitions_count);
    t->partitions_count -= op.count;
    t->partition_created_at.resize(t->partitions_count);
    t->partition_incarnation.resize(t->partitions_count);
    for (auto& [gid, g] : t->groups) rebalance(g, t->partitions_count);
    return {};
  }
  result<void, errc> operator()(const create_user_op& op) {
    if (c.users.count(op.id)) return fail(errc::user_exists);
    if (c.users.size() >= max_users) return fail(errc::limit_reached);
    if (permission_entries(op.perms) > max_permission_entries) return fail(errc::limit_reached);
    c.users[op.id] = user{op.id, op.username, op.password_hash, op.status, op.created_at, op.perms, {}, op.incarnation};
    c.next_incarnation = std::max(c.next_incarnation, op.incarnation + 1);
    return {};
  }
  result<void, errc> operator()(const update_user_op& op) {
    user* u = c.mutable_user(op.id);
    if (!u) return fail(errc::user_not_found);
    if (op.username) u->username = *op.username;
    if (op.status) u->status = *op.status;
    return {};
  }
  result<void, errc> operator()(const update_permissions_op& op) {
    user* u = c.mutable_user(op.id);
    if (!u) return fail(errc::user_not_found);
    if (permission_entries(op.perms) > max_permission_entries) return fail(errc::limit_reached);
    u->perms = op.perms;
    return {};
  }
  result<void, errc> operator()(const change_password_op& op) {
    user* u = c.mutable_user(op.id);
    if (!u) return fail(errc::user_not_found);
    u->password_hash = op.password_hash;
    return {};
  }
  result<void, errc> operator()(const delete_user_op& op) {
    auto it = c.users.find(op.id);
    if (it == c.users.end()) return fail(errc::user_not_found);
    for (const auto& [name, t] : it->second.tokens) c.token_owners.erase(t.token_hash);
    c.users.erase(it);
    return {};
  }
  result<void, errc> operator()(const create_pat_op& op) {
    user* u = c.mutable_user(op.user_id);
    if (!u) return fail(errc::user_not_found);
    if (u->tokens.count(op.name) || c.token_owners.count(op.token_hash)) return fail(errc::pat_exists);
    u->tokens[op.name] = personal_access_token{op.name, op.token_hash, op.expiry_at};
    c.token_owners[op.token_hash] = {op.user_id, op.name};
    return {};
  }
  result<void, errc> operator()(const delete_pat_op& op) {
    user* u = c.mutable_user(op.user_id);
    if (!u) return fail(errc::user_not_found);
    auto t = u->tokens.find(op.name);
    if (t == u->tokens.end()) return fail(errc::pat_not_found);
    c.token_owners.erase(t->second.token_hash);
    u->tokens.erase(t);
    return {};
  }
  result<void, errc> operator()(const create_group_op& op) {
    topic* t = c.mutable_topic(op.stream_id, op.topic_id);
    if (!t) return fail(errc::topic_not_found);
    if (t->groups.count(op.id)) return fail(errc::group_name_exists);
    if (t->groups.size() >= max_groups_per_topic) return fail(errc::limit_reached);
    t->groups[op.id] = consumer_group{op.id, op.name, {}};
    return {};
  }
  result<void, errc> operator()(const reserve_incarnations_op& op) {
    c.next_incarnation = std::max(c.next_incarnation, op.next);
    return {};
  }
  result<void, errc> operator()(const delete_group_op& op) {
    topic* t = c.mutable_topic(op.stream_id, op.topic_id);
    if (!t) return fail(errc::topic_not_found);
    if (!t->groups.erase(op.id)) return fail(errc::group_not_found);
    return {};
  }
};

// --- encoding ----------------------------------------------------------------
// docs/formats/state.md is the grammar. Codes are stable: a new operation
// takes a new code, a changed layout a new version of its code; neither is
// ever reused. Nothing here depends on a wire codec.

enum class op_code : uint16_t {
  create_stream = 1, update_stream = 2, delete_stream = 3,
  create_topic = 4, update_topic = 5, delete_topic = 6,
  create_partitions = 7, delete_partitions = 8,
  create_user = 9, update_user = 10, update_permissions = 11, change_password = 12, delete_user = 13,
  create_pat = 14, delete_pat = 15,
  create_group = 16, delete_group = 17,
  reserve_incarnations = 18,
};
// The newest layout of each code: 1, except create_user (2 adds the
// user's incarnation). Older layouts stay readable.
constexpr uint8_t k_op_version = 1;
constexpr uint8_t latest_version(op_code code) { return code == op_code::create_user ? 2 : k_op_version; }

template <typename T> constexpr op_code code_of();
template <> constexpr op_code code_of<create_stream_op>() { return op_code::create_stream; }
template <> constexpr op_code code_of<update_stream_op>() { return op_code::update_stream; }
template <> constexpr op_code code_of<delete_stream_op>() { return op_code::delete_stream; }
template <> constexpr op_code code_of<create_topic_op>() { return op_code::create_topic; }
template <> constexpr op_code code_of<update_topic_op>() { return op_code::update_topic; }
template <> constexpr op_code code_of<delete_topic_op>() { return op_code::delete_topic; }
template <> constexpr op_code code_of<create_partitions_op>() { return op_code::create_partitions; }
template <> constexpr op_code code_of<delete_partitions_op>() { return op_code::delete_partitions; }
template <> constexpr op_code code_of<create_user_op>() { return op_code::create_user; }
template <> constexpr op_code code_of<update_user_op>() { return op_code::update_user; }
template <> constexpr op_code code_of<update_permissions_op>() { return op_code::update_permissions; }
template <> constexpr op_code code_of<change_password_op>() { return op_code::change_password; }
template <> constexpr op_code code_of<delete_user_op>() { return op_code::delete_user; }
template <> constexpr op_code code_of<create_pat_op>() { return op_code::create_pat; }
template <> constexpr op_code code_of<delete_pat_op>() { return op_code::delete_pat; }
template <> constexpr op_code code_of<create_group_op>() { return op_code::create_group; }
template <> constexpr op_code code_of<delete_group_op>() { return op_code::delete_group; }
template <> constexpr op_code code_of<reserve_incarnations_op>() { return op_code::reserve_incarnations; }
static_assert(std::variant_size_v<operation> == 18, "a new operation needs a new op_code");

void put_string(byte_writer& w, const std::string& s) {
  w.write<uint32_t>(static_cast<uint32_t>(s.size()));
  w.write_string(s);
}

// perms = global:u16 n:u32 (stream:u32 flags:u8 m:u32 (topic:u32 flags:u8)*m)*n
// Flag bits in declaration order of the rights (docs/formats/state.md).
void put_permissions(byte_writer& w, const std::optional<permissions>& p) {
  w.write<uint8_t>(p ? 1 : 0);
  if (!p) return;
  const auto& g = p->global;
  const bool gbits[] = {g.manage_servers, g.read_servers, g.manage_users, g.read_users, g.manage_streams,
                        g.read_streams, g.manage_topics, g.read_topics, g.poll_messages, g.send_messages};
  uint16_t gmask = 0;
  for (size_t i = 0; i < std::size(gbits); ++i) gmask |= static_cast<uint16_t>(gbits[i] ? 1u << i : 0u);
  w.write(gmask);
  w.write<uint32_t>(static_cast<uint32_t>(p->streams.size()));
  for (const auto& [sid, sp] : p->streams) {
    const bool sbits[] = {sp.manage_stream, sp.read_stream, sp.manage_topics, sp.read_topics, sp.poll_messages,
                          sp.send_messages};
    uint8_t smask = 0;
    for (size_t i = 0; i < std::size(sbits); ++i) smask |= static_cast<uint8_t>(sbits[i] ? 1u << i : 0u);
    w.write(sid);
    w.write(smask);
    w.write<uint32_t>(static_cast<uint32_t>(sp.topics.size()));
    for (const auto& [tid, tp] : sp.topics) {
      const bool tbits[] = {tp.manage_topic, tp.read_topic, tp.poll_messages, tp.send_messages};
      uint8_t tmask = 0;
      for (size_t i = 0; i < std::size(tbits); ++i) tmask |= static_cast<uint8_t>(tbits[i] ? 1u << i : 0u);
      w.write(tid);
      w.write(tmask);
    }
  }
}

struct encoder {
  byte_writer& w;
  void operator()(const create_stream_op& op) { w.write(op.id); put_string(w, op.name); w.write(op.created_at); w.write(op.incarnation); }
  void operator()(const update_stream_op& op) { w.write(op.id); put_string(w, op.name); }
  void operator()(const delete_stream_op& op) { w.write(op.id); }
  void operator()(const create_topic_op& op) {
    w.write(op.stream_id); w.write(op.id); put_string(w, op.name); w.write(op.created_at);
    w.write(op.compression); w.write(op.message_expiry); w.write(op.max_topic_size); w.write(op.replication_factor);
    w.write<uint32_t>(static_cast<uint32_t>(op.partition_created_at.size()));
    for (uint64_t t : op.partition_created_at) w.write(t);
    w.write(op.incarnation);
    w.write<uint32_t>(static_cast<uint32_t>(op.partition_incarnation.size()));
    for (uint64_t i : op.partition_incarnation) w.write(i);
  }
  void operator()(const update_topic_op& op) {
    w.write(op.stream_id); w.write(op.id); put_string(w, op.name);
    w.write(op.compression); w.write(op.message_expiry); w.write(op.max_topic_size); w.write(op.replication_factor);
  }
  void operator()(const delete_topic_op& op) { w.write(op.stream_id); w.write(op.id); }
  void operator()(const create_partitions_op& op) { w.write(op.stream_id); w.write(op.topic_id); w.write(op.count); w.write(op.created_at); w.write(op.incarnation); }
  void operator()(const delete_partitions_op& op) { w.write(op.stream_id); w.write(op.topic_id); w.write(op.count); }
  void operator()(const create_user_op& op) {
    w.write(op.id); put_string(w, op.username); put_string(w, op.password_hash); w.write(op.status);
    w.write(op.created_at); put_permissions(w, op.perms); w.write(op.incarnation);
  }
  void operator()(const update_user_op& op) {
    w.write(op.id);
    w.write<uint8_t>(op.username ? 1 : 0);
    if (op.username) put_string(w, *op.username);
    w.write<uint8_t>(op.status ? 1 : 0);
    if (op.status) w.write(*op.status);
  }
  void operator()(const update_permissions_op& op) { w.write(op.id); put_permissions(w, op.perms); }
  void operator()(const change_password_op& op) { w.write(op.id); put_string(w, op.password_hash); }
  void operator()(const delete_user_op& op) { w.write(op.id); }
  void operator()(const create_pat_op& op) {
    w.write(op.user_id); put_string(w, op.name); put_string(w, op.token_hash);
    w.write<uint8_t>(op.expiry_at ? 1 : 0);
    if (op.expiry_at) w.write(*op.expiry_at);
  }
  void operator()(const delete_pat_op& op) { w.write(op.user_id); put_string(w, op.name); }
  void operator()(const create_group_op& op) { w.write(op.stream_id); w.write(op.topic_id); w.write(op.id); put_string(w, op.name); }
  void operator()(const delete_group_op& op) { w.write(op.stream_id); w.write(op.topic_id); w.write(op.id); }
  void operator()(const reserve_incarnations_op& op) { w.write(op.next); }
};

// A reader that remembers whether anything ran short or made no sense.
struct field_reader {
  byte_reader r;
  bool ok = true;
  template <typename T>
  T get() {
    auto v = r.read<T>();
    if (!v) ok = false;
    return v.value_or(T{});
  }
  std::string str() {
    const uint32_t n = get<uint32_t>();
    auto s = r.read_string(n);
    if (!s) ok = false;
    return s ? std::string(*s) : std::string();
  }
  // A count that cannot be larger than what is left, `min_size` bytes each.
  uint32_t count(size_t min_size) {
    const uint32_t n = get<uint32_t>();
    if (static_cast<uint64_t>(n) * min_size > r.remaining()) ok = false;
    return ok ? n : 0;
  }
  std::optional<permissions> perms() {
    if (get<uint8_t>() == 0) return std::nullopt;
    permissions p;
    const uint16_t g = get<uint16_t>();
    bool* gbits[] = {&p.global.manage_servers, &p.global.read_servers, &p.global.manage_users, &p.global.read_users,
                     &p.global.manage_streams, &p.global.read_streams, &p.global.manage_topics,
                     &p.global.read_topics, &p.global.poll_messages, &p.global.send_messages};
    for (size_t i = 0; i < std::size(gbits); ++i) *gbits[i] = (g >> i) & 1u;
    const uint32_t n = count(9);
    for (uint32_t i = 0; i < n && ok; ++i) {
      const uint32_t sid = get<uint32_t>();
      const uint8_t sm = get<uint8_t>();
      auto& sp = p.streams[sid];
      bool* sbits[] = {&sp.manage_stream, &sp.read_stream, &sp.manage_topics, &sp.read_topics, &sp.poll_messages,
                       &sp.send_messages};
      for (size_t k = 0; k < std::size(sbits); ++k) *sbits[k] = (sm >> k) & 1u;
      const uint32_t m = count(5);
      for (uint32_t j = 0; j < m && ok; ++j) {
        const uint32_t tid = get<uint32_t>();
        const uint8_t tm = get<uint8_t>();
        auto& tp = sp.topics[tid];
        bool* tbits[] = {&tp.manage_topic, &tp.read_topic, &tp.poll_messages, &tp.send_messages};
        for (size_t k = 0; k < std::size(tbits); ++k) *tbits[k] = (tm >> k) & 1u;
      }
    }
    return p;
  }
};

std::optional<operation> decode_body(op_code code, uint8_t version, field_reader& f) {
  switch (code) {
    case op_code::create_stream: { create_stream_op op{}; op.id = f.get<uint32_t>(); op.name = f.str(); op.created_at = f.get<uint64_t>(); op.incarnation = f.get<uint64_t>(); return op; }
    case op_code::update_stream: { update_stream_op op{}; op.id = f.get<uint32_t>(); op.name = f.str(); return op; }
    case op_code::delete_stream: { delete_stream_op op{}; op.id = f.get<uint32_t>(); return op; }
    case op_code::create_topic: {
      create_topic_op op{};
      op.stream_id = f.get<uint32_t>(); op.id = f.get<uint32_t>(); op.name = f.str(); op.created_at = f.get<uint64_t>();
      op.compression = f.get<uint8_t>(); op.message_expiry = f.get<uint64_t>(); op.max_topic_size = f.get<uint64_t>();
      op.replication_factor = f.get<uint8_t>();
      const uint32_t n = f.count(8);
      if (n > max_partitions_per_topic) return std::nullopt;
      for (uint32_t i = 0; i < n && f.ok; ++i) op.partition_created_at.push_back(f.get<uint64_t>());
      op.incarnation = f.get<uint64_t>();
      const uint32_t m = f.count(8);
      if (m > max_partitions_per_topic) return std::nullopt;
      for (uint32_t i = 0; i < m && f.ok; ++i) op.partition_incarnation.push_back(f.get<uint64_t>());
      return op;
    }
    case op_code::update_topic: {
      update_topic_op op{};
      op.stream_id = f.get<uint32_t>(); op.id = f.get<uint32_t>(); op.name = f.str();
      op.compression = f.get<uint8_t>(); op.message_expiry = f.get<uint64_t>(); op.max_topic_size = f.get<uint64_t>();
      op.replication_factor = f.get<uint8_t>();
      return op;
    }
    case op_code::delete_topic: { delete_topic_op op{}; op.stream_id = f.get<uint32_t>(); op.id = f.get<uint32_t>(); return op; }
    case op_code::create_partitions: {
      create_partitions_op op{};
      op.stream_id = f.get<uint32_t>(); op.topic_id = f.get<uint32_t>(); op.count = f.get<uint32_t>(); op.created_at = f.get<uint64_t>();
      op.incarnation = f.get<uint64_t>();
      return op;
    }
    case op_code::delete_partitions: { delete_partitions_op op{}; op.stream_id = f.get<uint32_t>(); op.topic_id = f.get<uint32_t>(); op.count = f.get<uint32_t>(); return op; }
    case op_code::create_user: {
      create_user_op op{};
      op.id = f.get<uint32_t>(); op.username = f.str(); op.password_hash = f.str(); op.status = f.get<uint8_t>();
      op.created_at = f.get<uint64_t>(); op.perms = f.perms();
      if (version >= 2) op.incarnation = f.get<uint64_t>();
      return op;
    }
    case op_code::update_user: {
      update_user_op op{};
      op.id = f.get<uint32_t>();
      if (f.get<uint8_t>()) op.username = f.str();
      if (f.get<uint8_t>()) op.status = f.get<uint8_t>();
      return op;
    }
    case op_code::update_permissions: { update_permissions_op op{}; op.id = f.get<uint32_t>(); op.perms = f.perms(); return op; }
    case op_code::change_password: { change_password_op op{}; op.id = f.get<uint32_t>(); op.password_hash = f.str(); return op; }
    case op_code::delete_user: { delete_user_op op{}; op.id = f.get<uint32_t>(); return op; }
    case op_code::create_pat: {
      create_pat_op op{};
      op.user_id = f.get<uint32_t>(); op.name = f.str(); op.token_hash = f.str();
      if (f.get<uint8_t>()) op.expiry_at = f.get<uint64_t>();
      return op;
    }
    case op_code::delete_pat: { delete_pat_op op{}; op.user_id = f.get<uint32_t>(); op.name = f.str(); return op; }
    case op_code::create_group: { create_group_op op{}; op.stream_id = f.get<uint32_t>(); op.topic_id = f.get<uint32_t>(); op.id = f.get<uint32_t>(); op.name = f.str(); return op; }
    case op_code::delete_group: { delete_group_op op{}; op.stream_id = f.get<uint32_t>(); op.topic_id = f.get<uint32_t>(); op.id = f.get<uint32_t>(); return op; }
    case op_code::reserve_incarnations: { reserve_incarnations_op op{}; op.next = f.get<uint64_t>(); return op; }
  }
  return std::nullopt;
}

bool known_code(uint16_t code) { return code >= 1 && code <= 18; }

}  // namespace

result<void, errc> apply(catalog& c, const operation& op) { return std::visit(applier{c}, op); }

std::vector<uint8_t> encode(const operation& op) {
  std::vector<uint8_t> out;
  byte_writer w(out);
  std::visit([&](const auto& o) {
    constexpr op_code code = code_of<std::decay_t<decltype(o)>>();
    w.write(static_cast<uint16_t>(code));
    w.write(latest_version(code));
  }, op);
  std::visit(encoder{w}, op);
  return out;
}

result<operation, decode_error> decode_operation(std::span<const uint8_t> bytes) {
  field_reader f{byte_reader(bytes)};
  const uint16_t code = f.get<uint16_t>();
  const uint8_t version = f.get<uint8_t>();
  if (!f.ok) return fail(decode_error::malformed);
  if (!known_code(code) || version > latest_version(static_cast<op_code>(code))) return fail(decode_error::unknown);
  if (version == 0) return fail(decode_error::malformed);
  auto op = decode_body(static_cast<op_code>(code), version, f);
  if (!op || !f.ok || !f.r.empty()) return fail(decode_error::malformed);
  return *op;
}

std::vector<operation> snapshot_of(const catalog& c) {
  std::vector<operation> ops;
  ops.push_back(reserve_incarnations_op{c.next_incarnation});
  for (const auto& [id, u] : c.users) {
    ops.push_back(create_user_op{u.id, u.username, u.password_hash, u.status, u.created_at, u.perms, u.incarnation});
    for (const auto& [name, t] : u.tokens) ops.push_back(create_pat_op{u.id, t.name, t.token_hash, t.expiry_at});
  }
  for (const auto& [sid, s] : c.streams) {
    ops.push_back(create_stream_op{s.id, s.name, s.created_at, s.incarnation});
    for (const auto& [tid, t] : s.topics) {
      ops.push_back(create_topic_op{s.id, t.id, t.name, t.created_at, t.compression, t.message_expiry,
                                    t.max_topic_size, t.replication_factor, t.partition_created_at, t.incarnation,
                                    t.partition_incarnation});
      for (const auto& [gid, g] : t.groups) ops.push_back(create_group_op{s.id, t.id, g.id, g.name});
    }
  }
  return ops;
}

}  // namespace whippet::metadata
