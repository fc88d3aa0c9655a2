#include "server/auth/login_throttle.h"

#include <algorithm>

namespace whippet::server::auth {
namespace {
constexpr auto k_forget_after = std::chrono::minutes(15);
}

std::chrono::milliseconds login_throttle::spacing(uint32_t failures) noexcept {
  if (failures == 0) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(std::min<uint64_t>(5000, 100ull << std::min(failures - 1, 6u)));
}

login_throttle::clock::time_point login_throttle::reserve_locked(const std::string& key, clock::time_point now) {
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.failures == 0) return now;
  entry& e = it->second;
  const auto start = std::max(now, e.not_before);
  e.not_before = start + spacing(e.failures);
  e.last_seen = now;
  return start;
}

std::chrono::milliseconds login_throttle::reserve(const std::string& ip, const std::string& username) {
  const auto now = clock::now();
  std::lock_guard lock(mutex_);
  auto start = reserve_locked("ip:" + ip, now);
  if (!username.empty()) start = std::max(start, reserve_locked("user:" + username, now));
  return std::chrono::duration_cast<std::chrono::milliseconds>(start - now);
}

void login_throttle::failed(const std::string& ip, const std::string& username) {
  const auto now = clock::now();
  std::lock_guard lock(mutex_);
  prune_locked(now);
  for (const std::string& key : {"ip:" + ip, "user:" + username}) {
    if (key == "user:") continue;  // no username (a token login): the IP alone
    entry& e = entries_[key];
    ++e.failures;
    e.not_before = std::max(e.not_before, now + spacing(e.failures));
    e.last_seen = now;
  }
}

void login_throttle::succeeded(const std::string& username) {
  std::lock_guard lock(mutex_);
  entries_.erase("user:" + username);
}

void login_throttle::prune_locked(clock::time_point now) {
  if (entries_.size() < max_keys_) return;
  std::erase_if(entries_, [&](const auto& kv) { return now - kv.second.last_seen > k_forget_after; });
  while (entries_.size() >= max_keys_) {
    auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
      return a.second.last_seen < b.second.last_seen;
    });
    entries_.erase(oldest);
  }
}

}  // namespace whippet::server::auth
