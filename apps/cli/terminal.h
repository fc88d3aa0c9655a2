#pragma once
// Terminal helpers: reading a secret without echo, and a progress bar on
// stderr (drawn only when stderr is a terminal).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace whippet::cli {

bool stdin_is_terminal();
bool stderr_is_terminal();

// Prompts on stderr and reads one line from stdin, without echo when stdin is a terminal.
std::optional<std::string> read_secret(const std::string& prompt);

class progress_bar {
 public:
  // Draws nothing unless `enabled` (callers pass total > 1000 && stderr_is_terminal()).
  progress_bar(std::string label, uint64_t total, bool enabled);
  ~progress_bar();
  progress_bar(const progress_bar&) = delete;
  progress_bar& operator=(const progress_bar&) = delete;

  void update(uint64_t done);
  void finish();  // draws 100% (if reached) and ends the line

 private:
  void draw();

  std::string label_;
  uint64_t total_;
  uint64_t done_ = 0;
  uint64_t drawn_ = UINT64_MAX;  // the count last drawn
  bool enabled_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace whippet::cli
