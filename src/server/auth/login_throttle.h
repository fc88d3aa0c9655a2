#pragma once
// login_throttle: slows down password and token guessing per client IP
// address and per username, across connections and shards. Each failed login
// for a key doubles the spacing of its further attempts (100 ms up to 5 s);
// attempts on a throttled key are spaced, not merely their answers delayed,
// so opening more connections does not buy more guesses. A success clears
// the username's record; records of keys quiet for 15 minutes are dropped,
// and the table is bounded (the oldest record goes first).
//
// Thread-safe: one instance is shared by every shard.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace whippet::server::auth {

class login_throttle {
 public:
  using clock = std::chrono::steady_clock;
  explicit login_throttle(size_t max_keys = 100'000) : max_keys_(max_keys) {}

  // How long an attempt for these keys must wait before it is checked; the
  // attempt is counted as started at now + that wait. An empty username (a
  // token login) is throttled by its IP alone.
  std::chrono::milliseconds reserve(const std::string& ip, const std::string& username);
  void failed(const std::string& ip, const std::string& username);
  void succeeded(const std::string& username);

  static std::chrono::milliseconds spacing(uint32_t failures) noexcept;

 private:
  struct entry {
    uint32_t failures = 0;
    clock::time_point not_before{};
    clock::time_point last_seen{};
  };
  clock::time_point reserve_locked(const std::string& key, clock::time_point now);
  void prune_locked(clock::time_point now);

  const size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, entry> entries_;
};

}  // namespace whippet::server::auth
