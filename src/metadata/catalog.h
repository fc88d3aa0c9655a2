#pragma once
// catalog: the server's metadata — streams, topics (with their partition
// count and consumer groups), users with their permissions and personal
// access tokens. A catalog value is immutable once published: shard 0 owns
// the current one, applies each change to a copy, persists it (state_log),
// and hands every shard the new snapshot. Readers never lock.
//
// Ids come from per-kind slabs starting at 0: a new object takes the lowest
// free id, as Iggy 0.6+ does.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/result.h"
#include "metadata/errc.h"
#include "protocol/binary/primitives.h"

namespace whippet::metadata {

using protocol::binary::permissions;

// A reference by id or by name, as clients address objects.
using ref = std::variant<uint32_t, std::string>;

struct consumer_group_member {
  uint32_t client_id = 0;
  std::vector<uint32_t> partitions;  // assigned partition ids, ascending
};

struct consumer_group {
  uint32_t id = 0;
  std::string name;
  std::vector<consumer_group_member> members;  // runtime only: never persisted
};

struct topic {
  uint32_t id = 0;
  std::string name;
  uint64_t created_at = 0;
  uint32_t partitions_count = 0;
  std::vector<uint64_t> partition_created_at;  // one per partition id
  uint64_t incarnation = 0;                      // names its directory (operations.h)
  std::vector<uint64_t> partition_incarnation;   // one per partition id
  uint8_t compression = 1;                     // 1 none, 2 gzip (a label only)
  uint64_t message_expiry = 0;                 // µs; 0 = server default, UINT64_MAX = never
  uint64_t max_topic_size = 0;                 // bytes; 0 = server default, UINT64_MAX = unlimited
  uint8_t replication_factor = 0;
  std::map<uint32_t, consumer_group> groups;
};

struct stream {
  uint32_t id = 0;
  std::string name;
  uint64_t created_at = 0;
  uint64_t incarnation = 0;  // names its directory (operations.h)
  std::map<uint32_t, topic> topics;
};

struct personal_access_token {
  std::string name;
  std::string token_hash;  // hex SHA-256 of the raw token; the token itself is never stored
  std::optional<uint64_t> expiry_at;  // µs since the epoch; none = never
};

struct user {
  uint32_t id = 0;
  std::string username;
  std::string password_hash;  // Argon2id PHC string
  uint8_t status = 1;         // 1 active, 2 inactive
  uint64_t created_at = 0;
  std::optional<permissions> perms;
  std::map<std::string, personal_access_token> tokens;
  // Never reused (ids are): a session remembers it, so it never acts as a
  // user created later with the same id. 0 only for users of old records.
  uint64_t incarnation = 0;
};

inline constexpr uint32_t root_user_id = 0;
// Limits on what clients may create: every count is bounded, so no client can
// grow the catalog (copied on every change) or a request past them.
inline constexpr uint32_t max_partitions_per_topic = 1000;
inline constexpr size_t max_streams = 10'000;
inline constexpr size_t max_topics_per_stream = 10'000;
inline constexpr size_t max_groups_per_topic = 1'000;
inline constexpr size_t max_members_per_group = 10'000;
inline constexpr size_t max_users = 10'000;
// Stream and topic entries in one user's permissions.
inline constexpr size_t max_permission_entries = 1'000;
// The longest finite message expiry and token lifetime: 100 years, in µs.
// 0 (server default) and UINT64_MAX (never) are the only values above it.
inline constexpr uint64_t max_finite_expiry_us = 100ull * 366 * 24 * 3600 * 1'000'000;

// Counts the stream and topic entries of a permissions tree.
size_t permission_entries(const std::optional<permissions>& p);

class catalog {
 public:
  std::map<uint32_t, stream> streams;
  std::map<uint32_t, user> users;
  uint64_t next_incarnation = 1;  // never goes back: deleted objects keep theirs
  // Every token's hash, to its owner and name: login by token is one lookup,
  // not a scan of every user. Kept by apply() with the users' token maps.
  std::map<std::string, std::pair<uint32_t, std::string>, std::less<>> token_owners;

  const stream* find_stream(const ref& r) const;
  const topic* find_topic(const stream& s, const ref& r) const;
  const user* find_user(const ref& r) const;
  const consumer_group* find_group(const topic& t, const ref& r) const;
  // The token whose stored hash is `hash`, with its owner; both null if none.
  std::pair<const user*, const personal_access_token*> find_token(std::string_view hash) const;

  // Lookups that also say which error a missing object is.
  result<const stream*, errc> get_stream(const ref& r) const;
  result<const topic*, errc> get_topic(const ref& stream_ref, const ref& topic_ref) const;

  uint32_t next_stream_id() const;
  uint32_t next_topic_id(const stream& s) const;
  uint32_t next_user_id() const;
  uint32_t next_group_id(const topic& t) const;

  size_t topic_count() const;
  size_t partition_count() const;
  size_t group_count() const;

  stream* mutable_stream(uint32_t id);
  topic* mutable_topic(uint32_t stream_id, uint32_t topic_id);
  user* mutable_user(uint32_t id);
};

// Spreads a topic's partitions over the group's members, round-robin in
// client id order: partition p goes to member p % members.
void rebalance(consumer_group& g, uint32_t partitions_count);

// Name rules (Iggy's): 1..255 bytes for streams, topics, groups and tokens;
// usernames 3..50, passwords 3..100.
bool valid_name(const std::string& name);
bool valid_username(const std::string& name);
bool valid_password(const std::string& password);

}  // namespace whippet::metadata
