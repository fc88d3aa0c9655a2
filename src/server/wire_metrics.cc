#include "server/wire_metrics.h"

#include <atomic>

namespace whippet::server::wire_metrics {
namespace {
std::atomic<uint64_t> requests_with_trailing_bytes{0};
}  // namespace

uint64_t requests_with_trailing_bytes_total() noexcept {
  return requests_with_trailing_bytes.load(std::memory_order_relaxed);
}

void count_request_with_trailing_bytes() noexcept {
  requests_with_trailing_bytes.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace whippet::server::wire_metrics
