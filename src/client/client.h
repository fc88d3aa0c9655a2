#pragma once
// client: Whippet's C++ SDK over the native protocol (Apache Iggy 0.8's
// classic binary protocol). One method per command, named like the command;
// each returns the decoded answer or an error (a transport failure, or the
// server's status in error::status).
//
// A client is one connection and is not thread-safe: one request at a time,
// as the protocol requires (async_client adds a queue and futures on top).
// After a transport failure the next call reconnects, with exponential
// backoff, and logs in again with the credentials of the last login.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/error.h"
#include "client/transport.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/requests/create_topic.h"
#include "protocol/binary/requests/create_user.h"
#include "protocol/binary/requests/update_topic.h"
#include "protocol/binary/requests/update_user.h"
#include "protocol/binary/responses/client.h"
#include "protocol/binary/responses/cluster_metadata.h"
#include "protocol/binary/responses/consumer_group.h"
#include "protocol/binary/responses/consumer_offset.h"
#include "protocol/binary/responses/personal_access_token.h"
#include "protocol/binary/responses/polled_messages.h"
#include "protocol/binary/responses/stats.h"
#include "protocol/binary/responses/stream.h"
#include "protocol/binary/responses/topic.h"
#include "protocol/binary/responses/user.h"

namespace whippet::client {

namespace bin = protocol::binary;
using bin::identifier;

struct client_options {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};
  // Reconnection after a transport failure: attempts and the first backoff
  // (doubling each time, up to max_backoff). 0 attempts: never reconnect.
  unsigned reconnect_attempts = 5;
  std::chrono::milliseconds reconnect_backoff{100};
  std::chrono::milliseconds max_backoff{5000};
};

class client {
 public:
  // Connects over TCP.
  static result<client, error> connect(const std::string& address, client_options options = {});
  // Connects with any transport (see transport.h).
  static result<client, error> connect(std::unique_ptr<transport> t, const std::string& address,
                                       client_options options = {});

  client(client&&) noexcept;
  client& operator=(client&&) noexcept;
  ~client();

  // Sends any command; returns the OK payload or the server's error status.
  result<std::vector<uint8_t>, error> send_raw(uint32_t code, std::span<const uint8_t> payload);
  const std::string& address() const noexcept { return address_; }

  // --- system
  result<void, error> ping();
  result<bin::stats_response, error> get_stats();
  result<bin::client_details, error> get_me();
  result<std::optional<bin::client_details>, error> get_client(uint32_t client_id);
  result<std::vector<bin::client_response>, error> get_clients();
  result<bin::cluster_metadata, error> get_cluster_metadata();

  // --- users and sessions
  result<uint32_t, error> login_user(const std::string& username, const std::string& password);
  result<uint32_t, error> login_with_personal_access_token(const std::string& token);
  result<void, error> logout_user();
  result<std::optional<bin::user_details>, error> get_user(const identifier& user);
  result<std::vector<bin::user_response>, error> get_users();
  result<bin::user_details, error> create_user(const bin::create_user_request& request);
  result<void, error> update_user(const bin::update_user_request& request);
  result<void, error> delete_user(const identifier& user);
  result<void, error> update_permissions(const identifier& user, const std::optional<bin::permissions>& permissions);
  result<void, error> change_password(const identifier& user, const std::string& current, const std::string& next);

  // --- personal access tokens
  result<std::vector<bin::personal_access_token_info>, error> get_personal_access_tokens();
  // expiry: µs from now; 0 = server default, UINT64_MAX = never. Returns the raw token.
  result<std::string, error> create_personal_access_token(const std::string& name, uint64_t expiry);
  result<void, error> delete_personal_access_token(const std::string& name);

  // --- streams, topics, partitions, segments
  result<std::vector<bin::stream_response>, error> get_streams();
  result<std::optional<bin::stream_details>, error> get_stream(const identifier& stream);
  result<bin::stream_response, error> create_stream(const std::string& name);
  result<void, error> update_stream(const identifier& stream, const std::string& name);
  result<void, error> delete_stream(const identifier& stream);
  result<void, error> purge_stream(const identifier& stream);
  result<std::vector<bin::topic_header>, error> get_topics(const identifier& stream);
  result<std::optional<bin::topic_details>, error> get_topic(const identifier& stream, const identifier& topic);
  result<bin::topic_details, error> create_topic(const bin::create_topic_request& request);
  result<bin::topic_details, error> create_topic(const identifier& stream, const std::string& name,
                                                 uint32_t partitions_count, uint64_t message_expiry = 0,
                                                 uint64_t max_topic_size = 0);
  result<void, error> update_topic(const bin::update_topic_request& request);
  result<void, error> delete_topic(const identifier& stream, const identifier& topic);
  result<void, error> purge_topic(const identifier& stream, const identifier& topic);
  result<void, error> create_partitions(const identifier& stream, const identifier& topic, uint32_t count);
  result<void, error> delete_partitions(const identifier& stream, const identifier& topic, uint32_t count);
  result<void, error> delete_segments(const identifier& stream, const identifier& topic, uint32_t partition_id,
                                      uint32_t segments_count);

  // --- messages
  // `messages` holds `count` whole messages ([64-byte header][payload][user headers] each).
  result<void, error> send_messages(const identifier& stream, const identifier& topic,
                                    const bin::partitioning& partitioning, std::span<const uint8_t> messages,
                                    uint32_t count);
  struct polled {
    bin::polled_messages_header header;
    std::vector<uint8_t> payload;  // the whole reply; messages start at polled_messages_header_size
  };
  result<polled, error> poll_messages(const bin::consumer& consumer, const identifier& stream, const identifier& topic,
                                      std::optional<uint32_t> partition_id, const bin::polling_strategy& strategy,
                                      uint32_t count, bool auto_commit);
  result<void, error> flush_unsaved_buffer(const identifier& stream, const identifier& topic, uint32_t partition_id,
                                           bool fsync);

  // --- consumer offsets and groups
  result<std::optional<bin::consumer_offset_response>, error> get_consumer_offset(
      const bin::consumer& consumer, const identifier& stream, const identifier& topic,
      std::optional<uint32_t> partition_id);
  result<void, error> store_consumer_offset(const bin::consumer& consumer, const identifier& stream,
                                            const identifier& topic, std::optional<uint32_t> partition_id,
                                            uint64_t offset);
  result<void, error> delete_consumer_offset(const bin::consumer& consumer, const identifier& stream,
                                             const identifier& topic, std::optional<uint32_t> partition_id);
  result<std::vector<bin::consumer_group_response>, error> get_consumer_groups(const identifier& stream,
                                                                               const identifier& topic);
  result<std::optional<bin::consumer_group_details>, error> get_consumer_group(const identifier& stream,
                                                                              const identifier& topic,
                                                                              const identifier& group);
  result<bin::consumer_group_response, error> create_consumer_group(const identifier& stream,
                                                                    const identifier& topic, const std::string& name);
  result<void, error> delete_consumer_group(const identifier& stream, const identifier& topic,
                                            const identifier& group);
  result<void, error> join_consumer_group(const identifier& stream, const identifier& topic, const identifier& group);
  result<void, error> leave_consumer_group(const identifier& stream, const identifier& topic, const identifier& group);

 private:
  client(std::unique_ptr<transport> t, std::string address, client_options options);
  result<void, error> reconnect();

  std::unique_ptr<transport> transport_;
  std::string address_;
  client_options options_;
  // The last successful login, replayed after a reconnect.
  std::optional<std::pair<std::string, std::string>> password_login_;
  std::optional<std::string> token_login_;
};

}  // namespace whippet::client
