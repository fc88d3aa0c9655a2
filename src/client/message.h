#pragma once
// Messages as the SDK hands them to and from applications.

#include <cstdint>
#include <functional>
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

// A message of a poll reply where it lies: its payload and user headers are
// views into the reply's bytes, valid while those are. For consumers that
// read a message and let it go, without a copy.
struct message_ref {
  uint32_t partition_id = 0;
  uint64_t offset = 0;
  uint64_t timestamp = 0;
  uint64_t origin_timestamp = 0;
  uint64_t id_low = 0, id_high = 0;
  uint64_t checksum = 0;
  std::span<const uint8_t> payload;
  std::span<const uint8_t> user_headers;
};

// Visits the `count` messages of a poll reply's message bytes in order, each
// once its structure and checksum are checked. False, after visiting those
// before it, at the first malformed or corrupt message, or when bytes are
// left over.
bool for_each_message(std::span<const uint8_t> bytes, uint32_t count, uint32_t partition_id,
                      const std::function<void(const message_ref&)>& visit);

// Splits a poll reply's message bytes into messages (copies); false if they
// are malformed or a checksum does not match.
bool decode_messages(std::span<const uint8_t> bytes, uint32_t count, uint32_t partition_id, std::vector<message>& out);

}  // namespace whippet::client
