#pragma once
// Partition access for the commands: the hop to a partition's shard, and
// work on many partitions at once.

#include <boost/asio/awaitable.hpp>
#include <functional>

#include "server/commands/command.h"

namespace whippet::server::commands {

// Hops to the partition's owner, awaits fn(partition&) ->
// awaitable<result<void, errc>> there (the partition_ref keeps the
// partition alive meanwhile), and hops back.
template <typename F>
op<void> on_partition(command_context& ctx, partition_key key, F fn) {
  co_await ctx.b.hop(ctx.b.owner_of(key));
  result<void, errc> outcome = fail(errc::partition_not_found);
  if (partition_ref p = ctx.b.find_partition(key)) outcome = co_await fn(*p);
  co_await ctx.b.hop(ctx.home);
  co_return outcome;
}

// Empties the partitions matching `which` (purge), with their stored
// offsets, on every shard at once. False if any could not be purged.
boost::asio::awaitable<bool> purge_partitions(broker& b, std::function<bool(const partition_key&)> which);

}  // namespace whippet::server::commands
