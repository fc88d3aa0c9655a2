#pragma once
// session: what the server knows about one client connection. Owned by the
// connection, on the shard that serves it; handlers read and update it.

#include <cstdint>
#include <optional>
#include <string>

namespace whippet::server {

struct session {
  uint32_t client_id = 0;
  std::string peer_address;
  unsigned shard = 0;
  std::optional<uint32_t> user_id;  // set by a successful login
};

}  // namespace whippet::server
