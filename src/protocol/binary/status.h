#pragma once
// Reply status codes: 0 is OK, anything else is an Iggy 0.8 IggyError code.
// Server layers map their own errors onto these once, at the protocol edge.

#include <cstdint>
#include <string_view>

namespace whippet::protocol::binary {

enum class status : uint32_t {
  ok = 0,
  error = 1,
  invalid_configuration = 2,
  invalid_command = 3,
  invalid_format = 4,
  feature_unavailable = 5,
  invalid_identifier = 6,
  disconnected = 8,
  resource_not_found = 20,
  stale_client = 30,
  unauthenticated = 40,
  unauthorized = 41,
  invalid_credentials = 42,
  invalid_username = 43,
  invalid_password = 44,
  user_already_exists = 46,
  user_inactive = 47,
  cannot_delete_user = 48,
  cannot_change_permissions = 49,
  pat_already_exists = 51,
  pats_limit_reached = 52,
  invalid_personal_access_token = 53,
  pat_expired = 54,
  client_not_found = 100,
  connection_closed = 206,
  stream_id_not_found = 1009,
  stream_name_not_found = 1010,
  stream_name_already_exists = 1012,
  invalid_stream_name = 1013,
  topic_id_not_found = 2010,
  topic_name_not_found = 2011,
  topic_name_already_exists = 2013,
  invalid_topic_name = 2014,
  too_many_partitions = 2015,
  partition_not_found = 3007,
  no_partitions = 3008,
  topic_full = 3009,
  consumer_offset_not_found = 3021,
  segment_not_found = 4000,
  invalid_messages_count = 4009,
  too_big_user_headers = 4017,
  invalid_header_key = 4018,
  invalid_header_value = 4019,
  too_big_message_payload = 4022,
  empty_message_payload = 4024,
  invalid_message_checksum = 4027,
  invalid_key_value_length = 4028,
  invalid_offset = 4100,
  consumer_group_id_not_found = 5000,
  consumer_group_name_not_found = 5003,
  consumer_group_name_already_exists = 5004,
  consumer_group_member_not_found = 5006,
};

// A short human name for a status ("invalid_command"), "unknown" otherwise.
std::string_view status_name(uint32_t code) noexcept;

}  // namespace whippet::protocol::binary
