#include "server/commands/partitions.h"

#include <atomic>

namespace whippet::server::commands {

boost::asio::awaitable<bool> purge_partitions(broker& b, std::function<bool(const partition_key&)> which) {
  std::atomic<bool> ok{true};  // every shard at once
  co_await b.for_each_partition_async(std::move(which), [&ok](partition& p) -> boost::asio::awaitable<void> {
    if (!co_await p.log().async_purge()) ok = false;
    co_await p.forget_all_offsets();
  });
  co_return ok.load();
}

}  // namespace whippet::server::commands
