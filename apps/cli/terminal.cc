#include "terminal.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace whippet::cli {

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) == 1; }
bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

std::optional<std::string> read_secret(const std::string& prompt) {
  const bool tty = stdin_is_terminal();
  termios saved{};
  if (tty) {
    std::fprintf(stderr, "%s", prompt.c_str());
    std::fflush(stderr);
    if (::tcgetattr(STDIN_FILENO, &saved) == 0) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  }
  std::string line;
  const bool ok = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fprintf(stderr, "\n");
  }
  if (!ok) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

progress_bar::progress_bar(std::string label, uint64_t total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled && total > 0) {
  if (enabled_) draw();
}

progress_bar::~progress_bar() { finish(); }

void progress_bar::update(uint64_t done) {
  done_ = done;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && done_ < total_) return;
  draw();
}

void progress_bar::finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  if (drawn_ != done_) draw();
  std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

void progress_bar::draw() {
  last_draw_ = std::chrono::steady_clock::now();
  drawn_ = done_;
  constexpr int width = 30;
  const uint64_t shown = std::min(done_, total_);
  const int filled = static_cast<int>(shown * width / total_);
  const double secs = std::chrono::duration<double>(last_draw_ - start_).count();
  const double rate = secs > 0 ? static_cast<double>(shown) / secs : 0;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(width - filled), '-');
  std::fprintf(stderr, "\r%s [%s] %llu/%llu (%3llu%%) %.0f msg/s", label_.c_str(), bar.c_str(),
               static_cast<unsigned long long>(shown), static_cast<unsigned long long>(total_),
               static_cast<unsigned long long>(shown * 100 / total_), rate);
  std::fflush(stderr);
}

}  // namespace whippet::cli
