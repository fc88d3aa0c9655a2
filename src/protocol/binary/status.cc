#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

std::string_view status_name(uint32_t code) noexcept {
  switch (static_cast<status>(code)) {
    case status::ok: return "ok";
    case status::error: return "error";
    case status::invalid_configuration: return "invalid_configuration";
    case status::invalid_command: return "invalid_command";
    case status::invalid_format: return "invalid_format";
    case status::feature_unavailable: return "feature_unavailable";
    case status::invalid_identifier: return "invalid_identifier";
    case status::disconnected: return "disconnected";
    case status::resource_not_found: return "resource_not_found";
    case status::stale_client: return "stale_client";
    case status::unauthenticated: return "unauthenticated";
    case status::unauthorized: return "unauthorized";
    case status::invalid_credentials: return "invalid_credentials";
    case status::invalid_username: return "invalid_username";
    case status::invalid_password: return "invalid_password";
    case status::user_already_exists: return "user_already_exists";
    case status::user_inactive: return "user_inactive";
    case status::cannot_delete_user: return "cannot_delete_user";
    case status::cannot_change_permissions: return "cannot_change_permissions";
    case status::pat_already_exists: return "pat_already_exists";
    case status::pats_limit_reached: return "pats_limit_reached";
    case status::invalid_personal_access_token: return "invalid_personal_access_token";
    case status::pat_expired: return "pat_expired";
    case status::client_not_found: return "client_not_found";
    case status::connection_closed: return "connection_closed";
    case status::stream_id_not_found: return "stream_id_not_found";
    case status::stream_name_not_found: return "stream_name_not_found";
    case status::stream_name_already_exists: return "stream_name_already_exists";
    case status::invalid_stream_name: return "invalid_stream_name";
    case status::topic_id_not_found: return "topic_id_not_found";
    case status::topic_name_not_found: return "topic_name_not_found";
    case status::topic_name_already_exists: return "topic_name_already_exists";
    case status::invalid_topic_name: return "invalid_topic_name";
    case status::too_many_partitions: return "too_many_partitions";
    case status::partition_not_found: return "partition_not_found";
    case status::no_partitions: return "no_partitions";
    case status::topic_full: return "topic_full";
    case status::consumer_offset_not_found: return "consumer_offset_not_found";
    case status::segment_not_found: return "segment_not_found";
    case status::invalid_messages_count: return "invalid_messages_count";
    case status::too_big_user_headers: return "too_big_user_headers";
    case status::invalid_header_key: return "invalid_header_key";
    case status::invalid_header_value: return "invalid_header_value";
    case status::too_big_message_payload: return "too_big_message_payload";
    case status::empty_message_payload: return "empty_message_payload";
    case status::invalid_message_checksum: return "invalid_message_checksum";
    case status::invalid_key_value_length: return "invalid_key_value_length";
    case status::invalid_offset: return "invalid_offset";
    case status::consumer_group_id_not_found: return "consumer_group_id_not_found";
    case status::consumer_group_name_not_found: return "consumer_group_name_not_found";
    case status::consumer_group_name_already_exists: return "consumer_group_name_already_exists";
    case status::consumer_group_member_not_found: return "consumer_group_member_not_found";
  }
  return "unknown";
}

}  // namespace whippet::protocol::binary
