#pragma once
// Process-wide logging to stderr: one line per call, written with one
// write(2) so that lines from different shards never interleave.

#include <fmt/format.h>

#include <optional>
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

}  // namespace whippet::log
