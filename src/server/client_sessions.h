#pragma once
// client_sessions: the connected clients, whatever their front door: who is
// logged in where, for get_me/get_clients and the stats. Any thread (each
// connection registers from its own shard); never on the data path.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace whippet::server {

struct client_info {
  uint32_t client_id = 0;
  std::optional<uint32_t> user_id;
  std::string address;
  uint8_t transport = 1;  // Iggy's codes: 1 TCP, 2 QUIC, 3 HTTP, 4 WebSocket
  unsigned shard = 0;
};

class client_sessions {
 public:
  void add(const client_info& c);
  void set_user(uint32_t client_id, std::optional<uint32_t> user_id);
  void set_shard(uint32_t client_id, unsigned shard);
  void remove(uint32_t client_id);
  // In client id order.
  std::vector<client_info> all() const;
  std::optional<client_info> find(uint32_t client_id) const;
  size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<uint32_t, client_info> clients_;
};

}  // namespace whippet::server
