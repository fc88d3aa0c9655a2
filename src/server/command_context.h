#pragma once
// command_context: who runs a command and from where: the broker, the
// caller's session (its login, groups and client id), and the catalog
// snapshot taken when the command started (stable across hops and awaits).
// Every front door builds one per request and hands it to the command layer
// (server/commands/).

#include <cstddef>
#include <memory>
#include <optional>

#include "metadata/catalog.h"
#include "server/broker.h"
#include "server/session.h"

namespace whippet::server {

struct command_context {
  broker& b;
  session& s;
  std::shared_ptr<const metadata::catalog> catalog;  // the snapshot when the command started
  unsigned home = 0;                                 // the connection's shard
  // Payload bytes after the request's fields, which the handler ignored (set
  // when it decodes the request; the dispatcher logs and counts them).
  size_t trailing_bytes = 0;
  // The shard of the partition a send or poll went to (set by those
  // handlers): where the connection would serve it without hops.
  std::optional<unsigned> data_shard = std::nullopt;

  const metadata::catalog& cat() const { return *catalog; }
  uint32_t user() const { return *s.user_id; }
};

}  // namespace whippet::server
