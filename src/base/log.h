#pragma once
// Process-wide logging to stderr: one line per call, written with one
// write(2) so that lines from different shards never interleave.

#include <fmt/format.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace whippet::log {

enum class level { debug = 0, info = 1, warn = 2, error = 3 };

void set_level(level l);
level current_level();
std::optional<level> parse_level(std::string_view name);

// Names the calling thread in log lines ("main", "shard-0", ...).
void set_thread_name(std::string_view name);

void write(level l, std::string_view message);

template <typename... Args>
void debug(fmt::format_string<Args...> f, Args&&... args) {
  if (current_level() <= level::debug) write(level::debug, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void info(fmt::format_string<Args...> f, Args&&... args) {
  if (current_level() <= level::info) write(level::info, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void warn(fmt::format_string<Args...> f, Args&&... args) {
  if (current_level() <= level::warn) write(level::warn, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void error(fmt::format_string<Args...> f, Args&&... args) {
  write(level::error, fmt::format(f, std::forward<Args>(args)...));
}

// Lets at most `burst` lines through per `period_ms`, from any thread; the
// first line after a quiet spell says how many were suppressed. For log lines
// that a client can trigger at will (a bad frame, a failed accept), so that
// no client can flood the log or spend the server's time on it.
class rate_limiter {
 public:
  constexpr rate_limiter(uint32_t burst, uint32_t period_ms) noexcept : burst_(burst), period_ms_(period_ms) {}
  // True when the line may be written; `suppressed` is then the number of
  // lines dropped since the last one that was.
  bool admit(uint64_t& suppressed) noexcept;

 private:
  const uint32_t burst_;
  const uint32_t period_ms_;
  std::atomic<uint64_t> window_start_ms_{0};
  std::atomic<uint32_t> in_window_{0};
  std::atomic<uint64_t> dropped_{0};
};

// log::limited(limiter, level, ...): the line, unless the limiter drops it.
template <typename... Args>
void limited(rate_limiter& limiter, level l, fmt::format_string<Args...> f, Args&&... args) {
  if (current_level() > l) return;
  uint64_t suppressed = 0;
  if (!limiter.admit(suppressed)) return;
  std::string line = fmt::format(f, std::forward<Args>(args)...);
  if (suppressed > 0) line += fmt::format(" ({} similar line(s) suppressed)", suppressed);
  write(l, line);
}

}  // namespace whippet::log
