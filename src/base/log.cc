#include "base/log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/assert.h"

namespace whippet::log {
namespace {
std::atomic<level> g_level{level::info};
thread_local std::string t_thread_name = "main";

const char* level_name(level l) {
  switch (l) {
    case level::debug: return "DEBUG";
    case level::info: return "INFO";
    case level::warn: return "WARN";
    case level::error: return "ERROR";
  }
  return "?";
}
}  // namespace

void set_level(level l) { g_level.store(l, std::memory_order_relaxed); }
level current_level() { return g_level.load(std::memory_order_relaxed); }

std::optional<level> parse_level(std::string_view name) {
  if (name == "debug" || name == "trace") return level::debug;
  if (name == "info") return level::info;
  if (name == "warn" || name == "warning") return level::warn;
  if (name == "error") return level::error;
  return std::nullopt;
}

void set_thread_name(std::string_view name) { t_thread_name = std::string(name); }

void write(level l, std::string_view message) {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto us = duration_cast<microseconds>(now.time_since_epoch()).count() % 1'000'000;
  const std::time_t secs = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  std::string line = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z {:5} [{}] {}\n", tm.tm_year + 1900,
                                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, us, level_name(l),
                                 t_thread_name, message);
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n <= 0) break;
    p += n;
    left -= static_cast<size_t>(n);
  }
}

bool rate_limiter::admit(uint64_t& suppressed) noexcept {
  using namespace std::chrono;
  const auto now_ms =
      static_cast<uint64_t>(duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
  uint64_t start = window_start_ms_.load(std::memory_order_relaxed);
  if (now_ms - start >= period_ms_ && window_start_ms_.compare_exchange_strong(start, now_ms)) {
    in_window_.store(0, std::memory_order_relaxed);
  }
  if (in_window_.fetch_add(1, std::memory_order_relaxed) >= burst_) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  suppressed = dropped_.exchange(0, std::memory_order_relaxed);
  return true;
}

}  // namespace whippet::log

namespace whippet::detail {
void assertion_failed(const char* expr, const char* msg, const char* file, int line) {
  log::write(log::level::error, fmt::format("assertion failed: {} ({}) at {}:{}", expr, msg, file, line));
  std::abort();
}
}  // namespace whippet::detail
