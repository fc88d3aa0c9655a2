#pragma once
// wire_metrics: process-wide counters of the binary protocol front door, each
// named for the Prometheus metric it is to become. Any thread; relaxed
// atomics, so a reading is a recent value, not a synchronisation point.

#include <cstdint>

namespace whippet::server::wire_metrics {

// whippet_requests_with_trailing_bytes_total: requests decoded with bytes
// left after their fields (accepted, as Iggy 0.8 does; see
// protocol/binary/decoded_request.h).
uint64_t requests_with_trailing_bytes_total() noexcept;
void count_request_with_trailing_bytes() noexcept;

}  // namespace whippet::server::wire_metrics
