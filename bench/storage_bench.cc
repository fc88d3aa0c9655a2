// whippet-storage-bench: the storage engine against the raw limits of the same
// disk, in one run. Prints a Markdown table for docs/benchmarks.md.
//
//   raw write        1 MiB write() calls (page cache)                 -> limit for `never`
//   raw direct write 1 MiB O_DIRECT write() calls                    -> limit for `never, direct`
//   raw write+sync   1 MiB write() + fdatasync()                     -> limit for `always`
//   append never     batches of N messages of S bytes, sync=never
//   append always    the same with sync=always (1 and 2 writers: group commit)
//   ..., direct      the same appends with direct_io (O_DIRECT)
//   read             whole log back by offset (from the page cache after
//                    appends through it; from the disk after direct ones)

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <algorithm>
#include <filesystem>
#include <map>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "bytes/endian.h"
#include "model/message_layout.h"
#include "runtime/shard_pool.h"
#include "storage/partition_log.h"

namespace fs = std::filesystem;
using namespace whippet;
using clock_type = std::chrono::steady_clock;

namespace {

struct measurement {
  std::string name;
  double seconds = 0;
  uint64_t bytes = 0;
  uint64_t messages = 0;
  double mb_per_s() const { return bytes / seconds / 1e6; }
};

// Touches `gib` GiB of memory once and frees it. On a virtual machine the
// host may back guest memory lazily; without this, whichever run first fills
// fresh page-cache pages pays for the host's page faults, not for its writes.
void warm_memory(uint64_t gib) {
  // All blocks are held at once: freeing one before touching the next would
  // reuse the same pages and warm only one GiB.
  std::vector<std::vector<uint8_t>> blocks;
  for (uint64_t i = 0; i < gib; ++i) {
    blocks.emplace_back(1ull << 30);
    std::fill(blocks.back().begin(), blocks.back().end(), uint8_t{1});
    asm volatile("" : : "r"(blocks.back().data()) : "memory");
  }
}

// Removes what an earlier run left and flushes all dirty pages, outside the
// timed region, so that no run pays for another's write-back or deletion.
void prepare(const fs::path& path) {
  fs::remove_all(path);
  ::sync();
}

measurement raw_write(const fs::path& file, uint64_t total, bool sync, bool direct = false) {
  prepare(file);
  constexpr size_t k_block = 1 << 20;
  std::unique_ptr<uint8_t, decltype(&std::free)> block(static_cast<uint8_t*>(std::aligned_alloc(4096, k_block)),
                                                       &std::free);
  std::memset(block.get(), 0x5a, k_block);
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | (direct ? O_DIRECT : 0), 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + file.string());
  const auto start = clock_type::now();
  for (uint64_t done = 0; done < total; done += k_block) {
    if (::write(fd, block.get(), k_block) != static_cast<ssize_t>(k_block)) throw std::runtime_error("write");
    if (sync && ::fdatasync(fd) != 0) throw std::runtime_error("fdatasync");
  }
  const double secs = std::chrono::duration<double>(clock_type::now() - start).count();
  ::close(fd);
  return {sync ? "raw write + fdatasync, 1 MiB blocks" : direct ? "raw O_DIRECT write, 1 MiB blocks" : "raw write, 1 MiB blocks",
          secs, total, 0};
}

std::vector<uint8_t> make_batch(uint32_t count, uint32_t size) {
  const size_t one = model::message_header_size + size;
  std::vector<uint8_t> bytes(one * count, 0x61);
  for (uint32_t i = 0; i < count; ++i) {
    uint8_t* p = bytes.data() + i * one;
    std::fill(p, p + model::message_header_size, 0);
    bytes::store_le<uint64_t>(p + model::header_field::id, i + 1);
    bytes::store_le<uint32_t>(p + model::header_field::payload_length, size);
  }
  return bytes;
}

// system.segment.preallocate for the appends (MiB; 0 = grow as written).
uint64_t g_preallocate_mib = 32;

measurement append_run(const fs::path& dir, storage::sync_mode mode, unsigned writers, uint64_t total,
                       uint32_t per_batch, uint32_t size, bool direct = false) {
  prepare(dir);
  storage::partition_config c;
  c.sync.mode = mode;
  c.preallocate = g_preallocate_mib << 20;
  c.direct_io = direct;
  auto p = storage::partition_log::open(storage::posix_file_system(), dir, c);
  if (!p) throw std::runtime_error("open partition");
  const uint64_t batch_bytes = uint64_t{per_batch} * (model::message_header_size + size);
  const uint64_t batches = std::max<uint64_t>(1, total / batch_bytes / writers);
  const auto start = clock_type::now();
  // The writers are coroutines of this thread, as a shard's producers are:
  // those that queue behind a sync share the next one.
  boost::asio::io_context ctx(1);
  const runtime::context_scope on(ctx);
  std::vector<std::vector<uint8_t>> buffers;
  for (unsigned w = 0; w < writers; ++w) buffers.push_back(make_batch(per_batch, size));
  bool failed = false;
  for (unsigned w = 0; w < writers; ++w) {
    boost::asio::co_spawn(
        ctx,
        [&, w]() -> boost::asio::awaitable<void> {
          for (uint64_t b = 0; b < batches && !failed; ++b) {
            auto batch = storage::message_batch::validate(buffers[w], per_batch);
            if (!batch || !co_await (*p)->async_append(*batch)) failed = true;
          }
        },
        boost::asio::detached);
  }
  ctx.run();
  if (failed) throw std::runtime_error("append failed");
  const double secs = std::chrono::duration<double>(clock_type::now() - start).count();
  const char* mode_name = mode == storage::sync_mode::always ? "always" : "never";
  return {fmt::format("append sync={}, {} writer(s), {} x {} B{}", mode_name, writers, per_batch, size,
                      direct ? ", direct" : ""),
          secs,
          batches * writers * batch_bytes, batches * writers * per_batch};
}

measurement read_run(const fs::path& dir, uint32_t per_batch, const char* what = "page cache") {
  ::sync();
  auto p = storage::partition_log::open(storage::posix_file_system(), dir, {});
  if (!p) throw std::runtime_error("open partition");
  const uint64_t end = (*p)->next_offset();
  uint64_t bytes = 0;
  std::vector<uint8_t> buffer;
  const auto start = clock_type::now();
  for (uint64_t offset = 0; offset < end;) {
    auto r = (*p)->read(offset, per_batch, 64ull << 20);
    if (!r || r->count == 0) throw std::runtime_error("read failed");
    buffer.resize(r->bytes);
    size_t at = 0;
    for (const auto& range : r->ranges) {
      if (::pread(range.fd, buffer.data() + at, range.length, static_cast<off_t>(range.position)) !=
          static_cast<ssize_t>(range.length))
        throw std::runtime_error("pread");
      at += range.length;
    }
    bytes += r->bytes;
    offset += r->count;
  }
  const double secs = std::chrono::duration<double>(clock_type::now() - start).count();
  return {fmt::format("read by offset, {} per read ({})", per_batch, what), secs, bytes, end};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"whippet-storage-bench: storage engine vs. raw disk limits"};
  std::string dir = "bench-data";
  uint64_t total_mib = 1024;
  uint64_t sync_total_mib = 256;
  uint32_t per_batch = 1000;
  uint32_t size = 1024;
  int repeat = 9;
  uint64_t warm_gib = 2;
  app.add_option("--dir", dir, "scratch directory on the disk to measure")->capture_default_str();
  app.add_option("--total-mib", total_mib, "data written per page-cache run")->capture_default_str();
  app.add_option("--sync-total-mib", sync_total_mib, "data written per fdatasync run")->capture_default_str();
  app.add_option("--batch", per_batch, "messages per batch")->capture_default_str();
  app.add_option("--message-size", size, "payload bytes per message")->capture_default_str();
  app.add_option("--repeat", repeat, "runs of each measurement; the median is reported")->check(CLI::Range(1, 100));
  app.add_option("--preallocate-mib", g_preallocate_mib, "segment growth step of the appends (0: as written)")
      ->capture_default_str();
  app.add_option("--warm-gib", warm_gib, "memory to touch before measuring (see warm_memory)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  warm_memory(warm_gib);
  fs::create_directories(dir);
  const uint64_t total = total_mib << 20, sync_total = sync_total_mib << 20;
  const fs::path d(dir);
  // Runs are interleaved and the median of `repeat` is reported, so that
  // neither side gets a warmer disk.
  std::map<std::string, std::vector<measurement>> runs;
  std::vector<std::string> order;
  auto record = [&](measurement x) {
    if (!runs.count(x.name)) order.push_back(x.name);
    runs[x.name].push_back(std::move(x));
  };
  for (int rep = 0; rep < repeat; ++rep) {
    record(raw_write(d / "raw.bin", total, false));
    record(append_run(d / "never", storage::sync_mode::never, 1, total, per_batch, size));
    record(read_run(d / "never", per_batch));
    record(raw_write(d / "raw-direct.bin", total, false, true));
    record(append_run(d / "never-direct", storage::sync_mode::never, 1, total, per_batch, size, true));
    record(read_run(d / "never-direct", per_batch, "after direct appends: from the disk"));
    record(raw_write(d / "raw-sync.bin", sync_total, true));
    record(append_run(d / "always1", storage::sync_mode::always, 1, sync_total, per_batch, size));
    record(append_run(d / "always1-direct", storage::sync_mode::always, 1, sync_total, per_batch, size, true));
    record(append_run(d / "always2", storage::sync_mode::always, 2, sync_total, per_batch, size));
    record(append_run(d / "always2-direct", storage::sync_mode::always, 2, sync_total, per_batch, size, true));
  }
  fs::remove_all(dir);

  auto median = [&](const std::string& name) {
    auto v = runs[name];
    std::sort(v.begin(), v.end(), [](const measurement& a, const measurement& b) { return a.mb_per_s() < b.mb_per_s(); });
    return v[v.size() / 2];
  };
  const double raw = median(order[0]).mb_per_s();
  double raw_sync = 0, raw_direct = 0;
  for (const auto& name : order) {
    if (name.rfind("raw write + fdatasync", 0) == 0) raw_sync = median(name).mb_per_s();
    if (name.rfind("raw O_DIRECT", 0) == 0) raw_direct = median(name).mb_per_s();
  }

  std::printf("| run | MB/s (median of %d) | min..max MB/s | messages/s | vs. limit |\n|---|---:|---:|---:|---:|\n",
              repeat);
  for (const auto& name : order) {
    const auto x = median(name);
    double lo = 1e18, hi = 0;
    for (const auto& r : runs[name]) {
      lo = std::min(lo, r.mb_per_s());
      hi = std::max(hi, r.mb_per_s());
    }
    const bool synced = name.find("always") != std::string::npos;
    const bool is_limit = name.rfind("raw", 0) == 0;
    const bool direct = name.find("direct") != std::string::npos;
    const double limit = synced ? raw_sync : direct ? raw_direct : raw;
    std::printf("| %s | %.0f | %.0f..%.0f | %s | %s |\n", name.c_str(), x.mb_per_s(), lo, hi,
                x.messages ? fmt::format("{:.0f}", x.messages / x.seconds).c_str() : "-",
                is_limit ? "limit" : fmt::format("{:.0f}%", 100.0 * x.mb_per_s() / limit).c_str());
  }
  return 0;
}
