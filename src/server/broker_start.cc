// broker::start: state recovery and partition opening, before any shard runs.

#include "base/log.h"
#include "server/broker.h"
#include "server/broker_shard.h"
#include "server/layout.h"

#include <map>
#include <thread>
#include <set>

namespace whippet::server {

result<void, std::string> broker::start(const std::function<result<root_credentials, std::string>()>& make_root) {
  started_at_us_ = now_us();
  if (auto r = metadata_.load(fs_, cfg_.system_path / "state", cfg_.storage.state_fsync, make_root); !r) return r;
  const auto& catalog = metadata_.snapshot(0);

  quarantine_unknown_directories();

  // Open every partition into its owner's map, one thread per shard, all at
  // once (no shard runs yet; each thread fills only its own shard's map).
  struct to_open {
    partition_key key;
    std::filesystem::path dir;
    storage::partition_config config;
  };
  std::vector<std::vector<to_open>> mine(shards_.size());
  size_t opened = 0;
  for (const auto& [sid, s] : catalog->streams) {
    for (const auto& [tid, t] : s.topics) {
      const auto config = partition_config_for(t);
      for (uint32_t p = 0; p < t.partitions_count; ++p) {
        const partition_key key{sid, tid, p};
        mine[owner_of(key)].push_back({key, layout::partition_dir(cfg_.system_path, s, t, p), config});
        ++opened;
      }
    }
  }
  const dedup_settings dedup{cfg_.storage.dedup_enabled, cfg_.storage.dedup_max_entries, cfg_.storage.dedup_expiry};
  std::vector<std::string> errors(shards_.size());
  {
    std::vector<std::jthread> openers;
    for (unsigned shard = 0; shard < shards_.size(); ++shard) {
      openers.emplace_back([&, shard] {
        for (const auto& o : mine[shard]) {
          auto part = partition::open(fs_, o.dir, o.config, dedup, cfg_.storage.enforce_fsync);
          if (!part) {
            errors[shard] = "cannot open partition " + o.dir.string() + ": " + std::string(storage::to_string(part.error()));
            return;
          }
          shards_[shard]->partitions[o.key] = std::move(*part);
        }
      });
    }
  }
  for (const auto& e : errors)
    if (!e.empty()) return fail(e);
  log::info("state loaded: {} stream(s), {} topic(s), {} partition(s) open, {} user(s)", catalog->streams.size(),
            catalog->topic_count(), opened, catalog->users.size());
  return {};
}

// Every directory under streams/ is a stream, topic or partition the catalog
// knows, by id and incarnation. Anything else is left over from a deletion
// that did not finish, or belongs to state that was lost: it is moved aside,
// never opened, never deleted.
void broker::quarantine_unknown_directories() const {
  namespace fs = std::filesystem;
  const fs::path root = cfg_.system_path;
  const fs::path quarantine = root / "quarantine" / std::to_string(now_us());
  size_t moved = 0;
  const auto move_aside = [&](const fs::path& p) {
    std::error_code ec;
    const fs::path to = quarantine / p.lexically_relative(root);
    fs::create_directories(to.parent_path(), ec);
    if (!ec) fs::rename(p, to, ec);
    if (ec) {
      log::error("cannot move unknown directory {} to {}: {}", p.string(), to.string(), ec.message());
    } else {
      log::warn("moved {} to {}: the catalog has no such stream, topic or partition", p.string(), to.string());
      ++moved;
    }
  };
  const auto entries = [](const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path());
    return out;
  };
  std::map<std::string, const metadata::stream*> streams;
  for (const auto& [sid, s] : metadata_.snapshot(0)->streams) streams[layout::entry_name(s.id, s.incarnation)] = &s;
  for (const auto& sp : entries(root / "streams")) {
    auto sit = streams.find(sp.filename().string());
    if (sit == streams.end()) {
      move_aside(sp);
      continue;
    }
    std::map<std::string, const metadata::topic*> topics;
    for (const auto& [tid, t] : sit->second->topics) topics[layout::entry_name(t.id, t.incarnation)] = &t;
    for (const auto& tp : entries(sp / "topics")) {
      auto tit = topics.find(tp.filename().string());
      if (tit == topics.end()) {
        move_aside(tp);
        continue;
      }
      std::set<std::string> parts;
      for (uint32_t p = 0; p < tit->second->partitions_count; ++p)
        parts.insert(layout::partition_dir(root, *sit->second, *tit->second, p).filename().string());
      for (const auto& pp : entries(tp / "partitions"))
        if (!parts.count(pp.filename().string())) move_aside(pp);
    }
  }
  if (moved > 0) log::warn("{} unknown director(ies) moved to {}", moved, quarantine.string());
}

}  // namespace whippet::server
