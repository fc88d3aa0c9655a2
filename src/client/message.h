#pragma once
// Messages as the SDK hands them to and from applications.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace whippet::client {

// A message to send. id 0 lets the server assign a random UUID.
struct outgoing_message {
  std::vector<uint8_t> payload;
  uint64_t id_low = 0, id_high = 0;
  std::vector<uint8_t> user_headers;  // encoded: [key_kind][key_len:u32][key][value_kind][value_len:u32][value]*
  uint64_t origin_timestamp = 0;      // µs; 0 = now

  static outgoing_message text(std::string_view s) {
    outgoing_message m;
    m.payload.assign(s.begin(), s.end());
    return m;
  }
};

// Appends `m` to a send_messages blob ([64-byte header][payload][user headers]).
void append_message(std::vector<uint8_t>& blob, const outgoing_message& m);
size_t encoded_size(const outgoing_message& m);

// A message read from the server.
struct message {
  uint32_t partition_id = 0;
  uint64_t offset = 0;
  uint64_t timestamp = 0;         // µs, assigned by the server
  uint64_t origin_timestamp = 0;  // µs, set by the producer
  uint64_t id_low = 0, id_high = 0;
  uint64_t checksum = 0;
  std::vector<uint8_t> payload;
  std::vector<uint8_t> user_headers;

  std::string_view text() const { return {reinterpret_cast<const char*>(payload.data()), payload.size()}; }
};

// Splits a poll reply's message bytes into messages; false if they are malformed
// or a checksum does not match.
bool decode_messages(std::span<const uint8_t> bytes, uint32_t count, uint32_t partition_id, std::vector<message>& out);

}  // namespace whippet::client
