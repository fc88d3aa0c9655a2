#include "runtime/waits.h"

#include <array>
#include <fmt/format.h>

namespace whippet::runtime {
namespace {
std::array<std::atomic<int64_t>, static_cast<size_t>(wait_kind::count)> g_waiting{};
}

std::atomic<int64_t>& waiting(wait_kind kind) noexcept { return g_waiting[static_cast<size_t>(kind)]; }

std::string waits_summary() {
  const auto n = [](wait_kind k) { return waiting(k).load(std::memory_order_relaxed); };
  return fmt::format("lane turns {}, gate closes {}, fan-out joins {}, ring operations {}; running: fan-out parts {}, "
                     "accept loops {}, maintenance loops {}",
                     n(wait_kind::lane_turn), n(wait_kind::gate_close), n(wait_kind::fan_out_join),
                     n(wait_kind::ring_operation), n(wait_kind::fan_out_task), n(wait_kind::accept_loop), n(wait_kind::maintenance_loop));
}

}  // namespace whippet::runtime
