#pragma once
// The command layer's one error enum: what any front door (the Iggy binary
// protocol, HTTP, later Kafka) may be told went wrong, in the domain's terms.
// Each front door maps it to its own wire (protocol/binary statuses, HTTP
// status and Iggy error ids), in one function each; the command layer
// translates the metadata and storage errors into it, once.

#include <cstdint>
#include <string_view>

namespace whippet::server::commands {

enum class errc : uint8_t {
  // who asks
  unauthenticated,  // no login on this session (or the user is gone)
  user_inactive,    // the user logged in was deactivated
  unauthorized,     // logged in, without the right
  invalid_credentials,
  token_expired,
  // what it names
  stream_id_not_found,
  stream_name_not_found,
  topic_id_not_found,
  topic_name_not_found,
  partition_not_found,
  no_partitions,  // the topic has none to send to
  segment_not_found,
  group_id_not_found,
  group_name_not_found,
  group_member_not_found,  // the caller is not a member of the group
  consumer_offset_not_found,
  user_not_found,
  token_not_found,  // or not the caller's, or a token that matches none
  // what it asks for
  stream_name_exists,
  topic_name_exists,
  group_name_exists,
  user_exists,
  token_exists,
  tokens_limit_reached,
  cannot_delete_root,
  cannot_change_root_permissions,
  invalid_stream_name,
  invalid_topic_name,
  invalid_group_name,
  invalid_username,
  invalid_password,
  invalid_token_name,
  too_many_partitions,
  invalid_partitions_count,
  invalid_expiry,
  invalid_argument,
  limit_reached,  // one more would pass a limit of metadata/catalog.h
  // messages
  invalid_messages_count,
  invalid_offset,
  empty_payload,
  payload_too_large,
  user_headers_too_large,
  invalid_header_key,
  invalid_header_value,
  client_not_found,
  feature_unavailable,
  // what happened
  disk_full,
  internal,  // an I/O failure or a broken invariant, logged where it happened
};

std::string_view to_string(errc e) noexcept;

}  // namespace whippet::server::commands
