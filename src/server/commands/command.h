#pragma once
// The command layer: one protocol-neutral operation per command, with
// domain-typed inputs and outputs and one error enum (commands/errc.h).
// Authentication state, authorization, id resolution, shard hops and
// partition access happen here and nowhere else; a front door decodes its
// wire format, calls the operation and encodes the result.
//
// Every operation is a coroutine on the caller's shard taking the caller
// (command_context: the broker, the session and the catalog snapshot taken
// when the command started) and returns result<T, errc>. Operations are
// grouped by resource: streams.h, topics.h (with partitions and segments),
// groups.h (with consumer offsets), messages.h, users.h (with logins and
// tokens), system.h.

#include <boost/asio/awaitable.hpp>
#include <optional>

#include "base/result.h"
#include "metadata/errc.h"
#include "server/auth/permissions.h"
#include "server/command_context.h"
#include "server/commands/errc.h"
#include "server/commands/types.h"
#include "storage/errc.h"

namespace whippet::server::commands {

template <typename T>
using op = boost::asio::awaitable<result<T, errc>>;

// A message expiry or token lifetime: 0 (server default), UINT64_MAX
// (never) or a finite duration of at most 100 years.
inline bool valid_expiry(uint64_t us) noexcept {
  return us == 0 || us == UINT64_MAX || us <= metadata::max_finite_expiry_us;
}

errc from(metadata::errc e) noexcept;
errc from(storage::errc e) noexcept;

// The session's user, if it still exists and is active; otherwise the
// session is logged out (deleting or deactivating a user ends its sessions)
// and the answer is unauthenticated or user_inactive.
std::optional<errc> require_login(command_context& ctx);

// Lookups in the command's snapshot: the entity, or which one is missing.
result<const metadata::stream*, errc> find_stream(const command_context& ctx, const ref& stream);
struct topic_found {
  const metadata::stream* stream = nullptr;
  const metadata::topic* topic = nullptr;
};
result<topic_found, errc> find_topic(const command_context& ctx, const ref& stream, const ref& topic);

// Login first, then the right: the checks every operation starts with.
std::optional<errc> check(command_context& ctx, auth::global_right right);
// ... the stream, found, then the right on it.
result<const metadata::stream*, errc> checked_stream(command_context& ctx, const ref& stream, auth::stream_right right);
// ... the topic, found, then the right on it.
result<topic_found, errc> checked_topic(command_context& ctx, const ref& stream, const ref& topic,
                                        auth::topic_right right);

}  // namespace whippet::server::commands
