#include "server/client_sessions.h"

#include <algorithm>

namespace whippet::server {

void client_sessions::add(const client_info& c) {
  std::lock_guard lock(mutex_);
  clients_[c.client_id] = c;
}

void client_sessions::set_user(uint32_t client_id, std::optional<uint32_t> user_id) {
  std::lock_guard lock(mutex_);
  if (auto it = clients_.find(client_id); it != clients_.end()) it->second.user_id = user_id;
}

void client_sessions::set_shard(uint32_t client_id, unsigned shard) {
  std::lock_guard lock(mutex_);
  if (auto it = clients_.find(client_id); it != clients_.end()) it->second.shard = shard;
}

void client_sessions::remove(uint32_t client_id) {
  std::lock_guard lock(mutex_);
  clients_.erase(client_id);
}

std::vector<client_info> client_sessions::all() const {
  std::lock_guard lock(mutex_);
  std::vector<client_info> out;
  out.reserve(clients_.size());
  for (const auto& [id, c] : clients_) out.push_back(c);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.client_id < b.client_id; });
  return out;
}

std::optional<client_info> client_sessions::find(uint32_t client_id) const {
  std::lock_guard lock(mutex_);
  auto it = clients_.find(client_id);
  if (it == clients_.end()) return std::nullopt;
  return it->second;
}

size_t client_sessions::size() const {
  std::lock_guard lock(mutex_);
  return clients_.size();
}

}  // namespace whippet::server
