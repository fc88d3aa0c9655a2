#include "server/broker.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstring>
#include <set>

#include "base/assert.h"
#include "base/log.h"
#include "server/broker_shard.h"
#include "runtime/fan_out.h"
#include "server/layout.h"

namespace whippet::server {
namespace asio = boost::asio;
namespace fs = std::filesystem;

uint64_t now_us() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

broker::broker(const config::server_config& cfg, runtime::shard_pool& pool, storage::file_system& fs)
    : cfg_(cfg), pool_(pool), fs_(fs), auth_workers_(std::make_unique<asio::thread_pool>(cfg.auth_threads)),
      metadata_(pool.size(), [this](unsigned shard) { return hop(shard); }) {
  const uint64_t slots = std::max<uint64_t>(1, cfg.max_concurrent_logins / pool.size());
  for (unsigned i = 0; i < pool.size(); ++i) shards_.push_back(std::make_unique<shard_state>(slots));
}

broker::~broker() {
  auth_workers_->join();
}

unsigned broker::this_shard() const {
  const int shard = runtime::shard_pool::current_shard();
  WHIPPET_ASSERT(shard >= 0 && static_cast<size_t>(shard) < shards_.size(), "called off the shard threads");
  return static_cast<unsigned>(shard);
}

const std::shared_ptr<const metadata::catalog>& broker::snapshot() const { return metadata_.snapshot(this_shard()); }

asio::awaitable<void> broker::hop(unsigned shard) {
  const int here = runtime::shard_pool::current_shard();
  if (here == static_cast<int>(shard)) co_return;
  if (here >= 0) shards_[static_cast<size_t>(here)]->hops_out.fetch_add(1, std::memory_order_relaxed);
  co_await asio::post(asio::bind_executor(pool_.context(shard).get_executor(), asio::use_awaitable));
}

uint64_t broker::cross_shard_hops() const {
  uint64_t n = 0;
  for (const auto& s : shards_) n += s->hops_out.load(std::memory_order_relaxed);
  return n;
}

asio::awaitable<void> broker::to_auth_worker() {
  co_await asio::post(asio::bind_executor(auth_workers_->get_executor(), asio::use_awaitable));
}

asio::awaitable<request_units> broker::login_slot(asio::steady_timer& wait) {
  co_return co_await shards_[this_shard()]->login_slots.reserve(1, wait);
}

unsigned broker::owner_of(const partition_key& k) const noexcept {
  return static_cast<unsigned>(partition_key_hash{}(k) % shards_.size());
}

partition_ref broker::find_partition(const partition_key& k) {
  const int shard = runtime::shard_pool::current_shard();
  WHIPPET_ASSERT(shard >= 0 && static_cast<unsigned>(shard) == owner_of(k), "find_partition off its owner shard");
  auto& parts = shards_[static_cast<unsigned>(shard)]->partitions;
  auto it = parts.find(k);
  return it == parts.end() ? partition_ref{} : partition_ref::enter(it->second);
}

storage::partition_config broker::partition_config_for(const metadata::topic&) const {
  storage::partition_config c;
  c.durable_root = cfg_.system_path;
  c.segment_size = cfg_.storage.segment_size;
  c.index_interval_bytes = cfg_.storage.index_interval;
  c.preallocate = cfg_.storage.preallocate;
  c.direct_io = cfg_.storage.direct_io;
  c.tail_cache = cfg_.storage.tail_cache;
  if (cfg_.storage.enforce_fsync) {
    c.sync.mode = storage::sync_mode::always;
  } else if (cfg_.storage.message_saver_enabled) {
    c.sync.mode = storage::sync_mode::interval;
    c.sync.interval = cfg_.storage.message_saver_interval;
  }
  return c;
}

namespace {
// How many partitions a shard creates, opens or deletes at once: enough to
// keep the disk busy, few enough to bound what is in flight.
constexpr size_t k_partitions_at_once = 32;
}  // namespace

std::vector<asio::io_context*> broker::every_shard() {
  std::vector<asio::io_context*> out;
  for (unsigned i = 0; i < shards_.size(); ++i) out.push_back(&pool_.context(i));
  return out;
}

asio::awaitable<result<void, std::string>> broker::open_partitions(uint32_t stream, uint32_t topic, uint32_t from,
                                                                  uint32_t to) {
  const auto snap = snapshot();  // holds the topic while this runs
  const metadata::stream* s = snap->find_stream(stream);
  const metadata::topic* t = s ? snap->find_topic(*s, topic) : nullptr;
  if (t == nullptr || from >= to) co_return t ? result<void, std::string>{} : fail(std::string("topic vanished"));
  auto config = partition_config_for(*t);
  const dedup_settings dedup{cfg_.storage.dedup_enabled, cfg_.storage.dedup_max_entries, cfg_.storage.dedup_expiry};

  // The topic's partitions/ directory and every one above it are made
  // durable once, here; each partition then syncs only its own entry in it.
  const fs::path parts = layout::partition_dir(cfg_.system_path, *s, *t, from).parent_path();
  if (auto r = co_await fs_.async_create_directories(parts); !r)
    co_return fail("cannot create " + parts.string() + ": " + std::strerror(r.error()));
  for (fs::path at = parts; !at.empty(); at = at.parent_path()) {
    if (auto r = co_await fs_.async_sync_directory(at); !r)
      co_return fail("cannot sync " + at.string() + ": " + std::strerror(r.error()));
    if (at == cfg_.system_path || at == at.parent_path()) break;
  }
  config.durable_root = parts;

  // Every shard creates its own partitions, all shards at once.
  std::vector<std::vector<uint32_t>> mine(shards_.size());
  for (uint32_t p = from; p < to; ++p) mine[owner_of({stream, topic, p})].push_back(p);
  std::vector<std::string> errors(shards_.size());
  co_await runtime::fan_out(every_shard(), [&](size_t shard) -> asio::awaitable<void> {
    const auto& ids = mine[shard];
    co_await runtime::for_each_concurrently(ids.size(), k_partitions_at_once, [&](size_t i) -> asio::awaitable<void> {
      const partition_key key{stream, topic, ids[i]};
      const fs::path dir = layout::partition_dir(cfg_.system_path, *s, *t, ids[i]);
      auto opened = co_await partition::async_create(fs_, dir, config, dedup, cfg_.storage.enforce_fsync);
      if (!opened) {
        if (errors[shard].empty())
          errors[shard] = "cannot open partition " + dir.string() + ": " + std::string(storage::to_string(opened.error()));
      } else {
        shards_[shard]->partitions[key] = std::move(*opened);
      }
    });
  });
  for (const auto& e : errors)
    if (!e.empty()) co_return fail(e);
  co_return result<void, std::string>{};
}

namespace {
bool is_under(const fs::path& p, const fs::path& dir) {
  auto pi = p.begin();
  for (auto di = dir.begin(); di != dir.end(); ++di, ++pi) {
    if (pi == p.end() || *pi != *di) return false;
  }
  return true;
}
}  // namespace

asio::awaitable<void> broker::drop_partitions(std::vector<fs::path> dirs) {
  const auto under_dirs = [&](const fs::path& p) {
    return std::any_of(dirs.begin(), dirs.end(), [&](const fs::path& d) { return is_under(p, d); });
  };
  std::vector<std::set<fs::path>> emptied(shards_.size());
  std::vector<char> left_behind(shards_.size(), 0);
  // Every shard deletes its own partitions, all shards at once.
  co_await runtime::fan_out(every_shard(), [&](size_t shard) -> asio::awaitable<void> {
    std::vector<std::shared_ptr<partition>> dropped;
    std::erase_if(shards_[shard]->partitions, [&](const auto& kv) {
      const bool under = under_dirs(kv.second->directory());
      if (under) dropped.push_back(kv.second);
      return under;
    });
    // Nothing new finds them now; wait for what is already using them, then
    // delete their files on this shard's ring.
    co_await runtime::for_each_concurrently(dropped.size(), k_partitions_at_once,
                                            [&](size_t i) -> asio::awaitable<void> {
                                              auto& p = dropped[i];
                                              co_await p->gate().close();
                                              if (!co_await p->async_destroy(fs_)) left_behind[shard] = 1;
                                            });
    for (const auto& p : dropped)
      for (fs::path at = p->directory().parent_path(); !at.empty() && under_dirs(at); at = at.parent_path())
        emptied[shard].insert(at);
  });
  // The directories the partitions were in, deepest first, and the layout's
  // own (a topic without partitions has one too).
  std::set<fs::path> all;
  for (const auto& e : emptied) all.insert(e.begin(), e.end());
  for (const auto& d : dirs) {
    all.insert(d);
    all.insert(d / "partitions");
    all.insert(d / "topics");
  }
  std::vector<fs::path> order(all.begin(), all.end());
  std::sort(order.begin(), order.end(), [](const fs::path& a, const fs::path& b) {
    return std::distance(a.begin(), a.end()) > std::distance(b.begin(), b.end());
  });
  bool incomplete = std::count(left_behind.begin(), left_behind.end(), 1) > 0;
  for (const auto& d : order)
    if (auto r = co_await fs_.async_remove_directory(d); !r) incomplete = true;
  // Harmless: no later object has these directories' names, and the next
  // start moves what is left to quarantine/.
  if (incomplete) log::warn("some files of deleted streams, topics or partitions were left behind");
}

asio::awaitable<void> broker::for_each_partition_async(std::function<bool(const partition_key&)> match,
                                                      std::function<asio::awaitable<void>(partition&)> fn) {
  co_await runtime::fan_out(every_shard(), [&](size_t shard) -> asio::awaitable<void> {
    std::vector<partition_ref> held;  // released here, on their shard
    for (auto& [key, p] : shards_[shard]->partitions)
      if (match(key))
        if (auto ref = partition_ref::enter(p)) held.push_back(std::move(ref));
    for (auto& ref : held) co_await fn(*ref);
  });
}

asio::awaitable<std::unordered_map<partition_key, partition_stats, partition_key_hash>> broker::collect_stats() {
  // Every shard counts its own partitions, all at once.
  std::vector<std::vector<std::pair<partition_key, partition_stats>>> per_shard(shards_.size());
  co_await runtime::fan_out(every_shard(), [&](size_t shard) -> asio::awaitable<void> {
    auto& out = per_shard[shard];
    out.reserve(shards_[shard]->partitions.size());
    for (auto& [key, p] : shards_[shard]->partitions) {
      auto& log = p->log();
      out.emplace_back(key, partition_stats{log.size_bytes(), log.message_count(),
                                            static_cast<uint32_t>(log.segment_count()), log.last_offset(),
                                            log.failed()});
    }
    co_return;
  });
  std::unordered_map<partition_key, partition_stats, partition_key_hash> out;
  for (auto& v : per_shard)
    for (auto& [key, st] : v) out.emplace(key, st);
  co_return out;
}

uint32_t broker::next_balanced(uint32_t stream, uint32_t topic) {
  return shards_[this_shard()]->balanced[(uint64_t{stream} << 32) | topic]++;
}

}  // namespace whippet::server
