#pragma once
// Command codes of Iggy's classic binary protocol (server 0.8).

#include <cstdint>
#include <optional>
#include <string_view>

namespace whippet::protocol::binary {

enum class command_code : uint32_t {
  ping = 1,
  get_stats = 10,
  get_snapshot = 11,
  get_cluster_metadata = 12,
  get_me = 20,
  get_client = 21,
  get_clients = 22,
  get_user = 31,
  get_users = 32,
  create_user = 33,
  delete_user = 34,
  update_user = 35,
  update_permissions = 36,
  change_password = 37,
  login_user = 38,
  logout_user = 39,
  get_personal_access_tokens = 41,
  create_personal_access_token = 42,
  delete_personal_access_token = 43,
  login_with_personal_access_token = 44,
  poll_messages = 100,
  send_messages = 101,
  flush_unsaved_buffer = 102,
  get_consumer_offset = 120,
  store_consumer_offset = 121,
  delete_consumer_offset = 122,
  get_stream = 200,
  get_streams = 201,
  create_stream = 202,
  delete_stream = 203,
  update_stream = 204,
  purge_stream = 205,
  get_topic = 300,
  get_topics = 301,
  create_topic = 302,
  delete_topic = 303,
  update_topic = 304,
  purge_topic = 305,
  create_partitions = 402,
  delete_partitions = 403,
  delete_segments = 503,
  get_consumer_group = 600,
  get_consumer_groups = 601,
  create_consumer_group = 602,
  delete_consumer_group = 603,
  join_consumer_group = 604,
  leave_consumer_group = 605,
};

// The command's snake_case name ("ping", "send_messages"), or nullopt for a
// code that the 0.8 protocol does not define.
std::optional<std::string_view> command_name(uint32_t code) noexcept;

}  // namespace whippet::protocol::binary
