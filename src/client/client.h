#pragma once
// client: Whippet's C++ SDK over the native (Iggy classic) protocol. One
// method per command, named like the command.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/error.h"
#include "client/tcp_transport.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/responses/polled_messages.h"
#include "protocol/binary/responses/stream.h"
#include "protocol/binary/responses/topic.h"

namespace whippet::client {

struct client_options {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};
};

class client {
 public:
  static result<client, error> connect(const std::string& address, client_options options = {});

  // Sends any command and returns the OK payload, or the server's error status.
  result<std::vector<uint8_t>, error> send_raw(uint32_t code, std::span<const uint8_t> payload);

  result<void, error> ping();
  // Returns the user id.
  result<uint32_t, error> login_user(const std::string& username, const std::string& password);
  result<protocol::binary::stream_response, error> create_stream(const std::string& name);
  result<void, error> delete_stream(const protocol::binary::identifier& stream);
  result<protocol::binary::topic_details, error> create_topic(const protocol::binary::identifier& stream,
                                                              const std::string& name, uint32_t partitions_count,
                                                              uint64_t message_expiry = 0, uint64_t max_topic_size = 0);
  // `messages` holds `count` whole messages ([64-byte header][payload][user headers] each).
  result<void, error> send_messages(const protocol::binary::identifier& stream,
                                    const protocol::binary::identifier& topic,
                                    const protocol::binary::partitioning& partitioning,
                                    std::span<const uint8_t> messages, uint32_t count);

  struct polled {
    protocol::binary::polled_messages_header header;
    std::vector<uint8_t> payload;  // the whole reply; messages start at polled_messages_header_size
  };
  result<polled, error> poll_messages(const protocol::binary::consumer& consumer,
                                      const protocol::binary::identifier& stream,
                                      const protocol::binary::identifier& topic, std::optional<uint32_t> partition_id,
                                      const protocol::binary::polling_strategy& strategy, uint32_t count,
                                      bool auto_commit);

 private:
  client(tcp_transport transport, client_options options) : transport_(std::move(transport)), options_(options) {}

  tcp_transport transport_;
  client_options options_;
};

}  // namespace whippet::client
