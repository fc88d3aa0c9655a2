#pragma once
// session: what the server knows about one client connection. Owned by the
// connection, on the shard that serves it; handlers read and update it.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>

namespace whippet::server {

struct session {
  uint32_t client_id = 0;
  std::string peer_address;  // "ip:port"
  std::string peer_ip;
  unsigned shard = 0;
  std::optional<uint32_t> user_id;  // set by a successful login
  // The logged-in user's incarnation: with the id, it names that user and
  // no later one given the same (reused, Iggy-style) id.
  uint64_t user_incarnation = 0;
  uint32_t failed_logins = 0;       // consecutive, on this connection: each one waits longer
  // Round-robin position over the partitions assigned to this client, per
  // (stream, topic, group).
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, uint32_t> group_cursor;
  // Groups joined on this connection, (stream, topic, group): left on disconnect.
  std::set<std::tuple<uint32_t, uint32_t, uint32_t>> joined_groups;
};

}  // namespace whippet::server
