#pragma once
// broker: everything a request handler reaches — the catalog snapshot of the
// calling shard, the partitions each shard owns, the metadata owner (shard 0),
// the worker pool for blocking work, and the connected clients.
//
// Threads: shard i's state is touched only on shard i. A handler that needs
// another shard moves there explicitly (co_await hop(shard)) and comes back
// before it touches its socket again. Metadata changes run on shard 0, which
// applies them to a copy of the catalog, appends them to the state log, and
// installs the new snapshot on every shard (a hop to each) before answering;
// so a client that sees its change acknowledged sees it on every shard.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "config/server_config.h"
#include "metadata/catalog.h"
#include "metadata/operations.h"
#include "metadata/state_store.h"
#include "runtime/lane.h"
#include "runtime/shard_pool.h"
#include "server/auth/login_throttle.h"
#include "server/bootstrap.h"
#include "server/client_sessions.h"
#include "server/metadata_service.h"
#include "server/partition.h"
#include "server/request_budget.h"

namespace boost::asio {
class thread_pool;
}

namespace whippet::server {

struct partition_stats {
  uint64_t size_bytes = 0;
  uint64_t messages = 0;
  uint32_t segments = 0;
  std::optional<uint64_t> last_offset;
  bool failed = false;  // until the next append reopens it from disk
};

class broker {
 public:
  // `fs` is the storage seam every partition and the state log use.
  broker(const config::server_config& cfg, runtime::shard_pool& pool,
         storage::file_system& fs = storage::posix_file_system());
  ~broker();

  // Loads the state (creating the root user with make_root() if there are no
  // users yet) and opens every partition. Call before the pool runs.
  result<void, std::string> start(const std::function<result<root_credentials, std::string>()>& make_root);

  const config::server_config& config() const noexcept { return cfg_; }
  runtime::shard_pool& pool() noexcept { return pool_; }
  unsigned shard_count() const noexcept { return pool_.size(); }
  uint64_t started_at_us() const noexcept { return started_at_us_; }
  // The TCP port the listener bound (a configured port 0 picks a free one);
  // the configured port until then. Set before the pool runs.
  void set_tcp_bound_port(uint16_t port) noexcept { tcp_bound_port_ = port; }
  uint16_t tcp_port() const noexcept { return tcp_bound_port_ != 0 ? tcp_bound_port_ : cfg_.tcp.address.port; }

  // The catalog as this shard sees it. Call on a shard thread.
  const std::shared_ptr<const metadata::catalog>& snapshot() const;

  // Moves the calling coroutine to `shard`'s thread.
  boost::asio::awaitable<void> hop(unsigned shard);
  // Hops from one shard to another so far, all shards together (any thread).
  uint64_t cross_shard_hops() const;
  // Moves to the Argon2 pool (system.auth.threads), which serves nothing else.
  boost::asio::awaitable<void> to_auth_worker();
  // Waits for one of this shard's login slots (system.auth.max_concurrent_logins
  // spread over the shards); `wait` is the caller's timer.
  boost::asio::awaitable<request_units> login_slot(boost::asio::steady_timer& wait);
  auth::login_throttle& login_throttle() noexcept { return login_throttle_; }

  // The catalog's owner: commits and runtime changes.
  metadata_service& metadata() noexcept { return metadata_; }

  unsigned owner_of(const partition_key& k) const noexcept;
  // The partition in use, if this shard owns it and it is open (and not being
  // deleted). Call on the owner; the reference may then travel across hops.
  partition_ref find_partition(const partition_key& k);
  // Opens (creating) partitions [from, to) of a topic on their owners.
  boost::asio::awaitable<result<void, std::string>> open_partitions(uint32_t stream, uint32_t topic, uint32_t from,
                                                                   uint32_t to);
  // Removes the partitions stored under any of `dirs` (a stream's, a topic's
  // or single partitions' directories, from layout.h) from every shard,
  // closes their gates (waiting for the sends, polls and syncs in flight on
  // them), and then deletes `dirs`. Directories name one incarnation each, so
  // a new object that took a deleted one's id is never touched.
  boost::asio::awaitable<void> drop_partitions(std::vector<std::filesystem::path> dirs);
  // Awaits fn, a coroutine, on each open partition that `match` accepts, on
  // its owner shard: every shard at once, one partition after another on
  // each; each is held (partition_ref) while fn runs, so a delete waits for it.
  boost::asio::awaitable<void> for_each_partition_async(std::function<bool(const partition_key&)> match,
                                                        std::function<boost::asio::awaitable<void>(partition&)> fn);
  boost::asio::awaitable<std::unordered_map<partition_key, partition_stats, partition_key_hash>> collect_stats();

  // Per-shard round-robin counter for balanced partitioning.
  uint32_t next_balanced(uint32_t stream, uint32_t topic);

  // Connected clients, of every front door (any thread; not on the data path).
  client_sessions& sessions() noexcept { return sessions_; }

  // Starts the retention cleaner and message saver on every shard; stop()
  // cancels them so that the shards can drain.
  void start_maintenance();
  void stop();

  std::atomic<uint64_t> bytes_read{0};
  std::atomic<uint64_t> bytes_written{0};

 private:
  struct shard_state;
  unsigned this_shard() const;
  std::vector<boost::asio::io_context*> every_shard();
  storage::partition_config partition_config_for(const metadata::topic& t) const;
  boost::asio::awaitable<void> clean_partitions(unsigned shard);
  // Moves directories under streams/ that the catalog does not know to quarantine/.
  void quarantine_unknown_directories() const;
  boost::asio::awaitable<void> save_unsaved(unsigned shard);

  const config::server_config& cfg_;
  runtime::shard_pool& pool_;
  storage::file_system& fs_;
  std::vector<std::unique_ptr<shard_state>> shards_;
  std::unique_ptr<boost::asio::thread_pool> auth_workers_;
  auth::login_throttle login_throttle_;
  metadata_service metadata_;
  uint64_t started_at_us_ = 0;
  uint16_t tcp_bound_port_ = 0;
  std::atomic<bool> stopping_{false};

  client_sessions sessions_;
};

uint64_t now_us();

}  // namespace whippet::server
