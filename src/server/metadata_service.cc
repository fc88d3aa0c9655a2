#include "server/metadata_service.h"

#include "base/log.h"
#include "runtime/shard_pool.h"
#include "server/broker.h"  // now_us

namespace whippet::server {

metadata_service::metadata_service(unsigned shards, hop_fn hop) : hop_(std::move(hop)), snapshots_(shards) {}

result<void, std::string> metadata_service::load(
    storage::file_system& fs, const std::filesystem::path& dir, bool fsync,
    const std::function<result<root_credentials, std::string>()>& make_root) {
  metadata::catalog loaded;
  auto state = metadata::state_store::open(fs, dir, {.fsync = fsync, .compact_after = 1000}, loaded);
  if (!state) return fail("cannot load the metadata state: " + std::string(metadata::to_string(state.error())));
  state_ = std::move(*state);
  if (loaded.users.empty()) {
    auto root = make_root();
    if (!root) return fail(root.error());
    const metadata::operation op =
        metadata::create_user_op{metadata::root_user_id, root->username, root->password_hash, 1, now_us(), std::nullopt,
                                 loaded.next_incarnation};
    if (auto r = metadata::apply(loaded, op); !r) return fail(std::string("cannot create the root user"));
    if (auto r = state_->append(op, loaded); !r) return fail(std::string("cannot persist the root user"));
  }
  current_ = std::make_shared<const metadata::catalog>(std::move(loaded));
  for (auto& s : snapshots_) s = current_;
  return {};
}

// Installs the snapshot on every shard, one hop each, before the change is
// answered: a client that saw its change acknowledged finds it on any shard.
// Runs on shard 0 and comes back there. Two publishes in a row visit the
// shards in the same order through FIFO queues, so an older snapshot never
// lands after a newer one.
boost::asio::awaitable<void> metadata_service::publish(std::shared_ptr<const metadata::catalog> snapshot) {
  for (unsigned i = 0; i < snapshots_.size(); ++i) {
    co_await hop_(i);
    snapshots_[i] = snapshot;
  }
  co_await hop_(0);
}

// One change at a time, in arrival order, from plan to publish: a change
// suspends on its fdatasync and on its hops, and the next one must plan
// against the catalog this one leaves.
boost::asio::awaitable<result<void, metadata::errc>> metadata_service::commit(planner plan) {
  const int home = runtime::shard_pool::current_shard();
  co_await hop_(0);
  result<void, metadata::errc> outcome;
  {
    auto turn = co_await lane_.enter();
    auto ops = plan(*current_);
    if (!ops) {
      outcome = fail(ops.error());
    } else if (!ops->empty()) {
      auto next = std::make_shared<metadata::catalog>(*current_);
      for (const auto& op : *ops) {
        if (auto r = metadata::apply(*next, op); !r) {
          outcome = fail(r.error());
          break;
        }
      }
      if (outcome) {
        // All of a change's operations in one append: compaction never sees
        // a catalog ahead of the records written. On shard 0's ring.
        if (auto r = co_await state_->async_append(*ops, *next); !r) {
          log::error("cannot persist a metadata change: {}", metadata::to_string(r.error()));
          outcome = fail(r.error());
        }
      }
      if (outcome) {
        current_ = next;
        co_await publish(current_);
      }
    }
  }
  co_await hop_(static_cast<unsigned>(home));
  co_return outcome;
}

boost::asio::awaitable<result<void, metadata::errc>> metadata_service::change_runtime(runtime_change change) {
  const int home = runtime::shard_pool::current_shard();
  co_await hop_(0);
  result<void, metadata::errc> outcome;
  {
    auto turn = co_await lane_.enter();
    auto next = std::make_shared<metadata::catalog>(*current_);
    outcome = change(*next);
    if (outcome) {
      current_ = next;
      co_await publish(current_);
    }
  }
  co_await hop_(static_cast<unsigned>(home));
  co_return outcome;
}

}  // namespace whippet::server
