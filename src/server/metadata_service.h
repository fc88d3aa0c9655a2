#pragma once
// metadata_service: the catalog's one owner. Shard 0 holds the current
// catalog and the state log (metadata/state_store.h) and applies every
// change, one at a time; each shard reads its own copy of the latest
// snapshot, installed before the change is answered.

#include <boost/asio/awaitable.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "metadata/catalog.h"
#include "metadata/operations.h"
#include "metadata/state_store.h"
#include "runtime/lane.h"
#include "server/bootstrap.h"
#include "storage/file.h"

namespace whippet::server {

class metadata_service {
 public:
  // `hop` moves the calling coroutine to a shard's thread.
  using hop_fn = std::function<boost::asio::awaitable<void>(unsigned shard)>;
  metadata_service(unsigned shards, hop_fn hop);

  // Loads the state log in `dir` (creating the root user with make_root()
  // when there are no users yet). Before the shards run.
  result<void, std::string> load(storage::file_system& fs, const std::filesystem::path& dir, bool fsync,
                                 const std::function<result<root_credentials, std::string>()>& make_root);
  // The catalog as `shard` sees it; call on that shard (or before the shards run).
  const std::shared_ptr<const metadata::catalog>& snapshot(unsigned shard) const { return snapshots_[shard]; }

  // Plans operations against the current catalog on shard 0, applies and
  // persists them, and publishes the result. Returns to the calling shard.
  using planner = std::function<result<std::vector<metadata::operation>, metadata::errc>(const metadata::catalog&)>;
  boost::asio::awaitable<result<void, metadata::errc>> commit(planner plan);
  // Changes runtime-only catalog state (group membership) on shard 0 and publishes it.
  using runtime_change = std::function<result<void, metadata::errc>(metadata::catalog&)>;
  boost::asio::awaitable<result<void, metadata::errc>> change_runtime(runtime_change change);

 private:
  boost::asio::awaitable<void> publish(std::shared_ptr<const metadata::catalog> snapshot);

  hop_fn hop_;
  // One per shard, each written by its own shard only (publish hops there).
  std::vector<std::shared_ptr<const metadata::catalog>> snapshots_;
  // Shard 0 only.
  std::shared_ptr<const metadata::catalog> current_;
  runtime::lane lane_;  // commits and runtime changes, one at a time
  std::unique_ptr<metadata::state_store> state_;
};

}  // namespace whippet::server
