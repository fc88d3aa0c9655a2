// broker::start: state recovery and partition opening, before any shard runs.

#include "base/log.h"
#include "server/broker.h"
#include "server/broker_shard.h"

namespace whippet::server {

result<void, std::string> broker::start(const std::function<result<root_credentials, std::string>()>& make_root) {
  started_at_us_ = now_us();
  metadata::catalog loaded;
  auto state = metadata::state_store::open(storage::posix_file_system(), cfg_.system_path / "state",
                                           {.fsync = cfg_.storage.state_fsync, .compact_after = 1000}, loaded);
  if (!state) return fail("cannot load the metadata state: " + std::string(metadata::to_string(state.error())));
  state_ = std::move(*state);

  if (loaded.users.empty()) {
    auto root = make_root();
    if (!root) return fail(root.error());
    const metadata::operation op =
        metadata::create_user_op{metadata::root_user_id, root->username, root->password_hash, 1, now_us(), std::nullopt};
    if (auto r = metadata::apply(loaded, op); !r) return fail(std::string("cannot create the root user"));
    if (auto r = state_->append(op, loaded); !r) return fail(std::string("cannot persist the root user"));
  }
  current_ = std::make_shared<const metadata::catalog>(std::move(loaded));
  for (auto& s : shards_) s->snapshot = current_;

  // Open every partition on its owner's map (no shard runs yet).
  size_t opened = 0;
  const dedup_settings dedup{cfg_.storage.dedup_enabled, cfg_.storage.dedup_max_entries, cfg_.storage.dedup_expiry};
  for (const auto& [sid, s] : current_->streams) {
    for (const auto& [tid, t] : s.topics) {
      for (uint32_t p = 0; p < t.partitions_count; ++p) {
        const partition_key key{sid, tid, p};
        auto part = partition::open(partition_dir(key), partition_config_for(t), dedup);
        if (!part)
          return fail("cannot open partition " + partition_dir(key).string() + ": " +
                      std::string(storage::to_string(part.error())));
        shards_[owner_of(key)]->partitions[key] = std::move(*part);
        ++opened;
      }
    }
  }
  log::info("state loaded: {} stream(s), {} topic(s), {} partition(s) open, {} user(s)", current_->streams.size(),
            current_->topic_count(), opened, current_->users.size());
  return {};
}

}  // namespace whippet::server
