#include "storage/page_cache.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>


namespace whippet::storage {
namespace {
std::atomic<uint64_t> g_cold_bytes{0};

// cachestat(2), newer than the C library's and the kernel headers' here.
constexpr long k_sys_cachestat = 451;
struct cachestat_range {
  uint64_t off;
  uint64_t len;
};
struct cachestat_result {
  uint64_t nr_cache;
  uint64_t nr_dirty;
  uint64_t nr_writeback;
  uint64_t nr_evicted;
  uint64_t nr_recently_evicted;
};
}  // namespace

std::optional<bool> cached(int fd, uint64_t offset, uint64_t length) noexcept {
  if (length == 0) return true;
  static const uint64_t k_page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  const uint64_t first = offset / k_page * k_page;
  const uint64_t end = (offset + length + k_page - 1) / k_page * k_page;
  cachestat_range range{first, end - first};
  cachestat_result stat{};
  if (::syscall(k_sys_cachestat, fd, &range, &stat, 0) != 0) return std::nullopt;
  return stat.nr_cache >= (end - first) / k_page;
}

void count_cold_read(uint64_t bytes) noexcept { g_cold_bytes.fetch_add(bytes, std::memory_order_relaxed); }
uint64_t cold_bytes_read() noexcept { return g_cold_bytes.load(std::memory_order_relaxed); }

}  // namespace whippet::storage
