#pragma once
// Metadata errors; the server maps them to wire statuses in one place.

#include <string_view>

namespace whippet::metadata {

enum class errc {
  stream_not_found = 1,
  stream_name_exists,
  invalid_stream_name,
  topic_not_found,
  topic_name_exists,
  invalid_topic_name,
  too_many_partitions,
  invalid_partitions_count,
  partition_not_found,
  user_not_found,
  user_exists,
  invalid_username,
  invalid_password,
  cannot_change_root,
  pat_exists,
  pat_not_found,
  pats_limit_reached,
  invalid_pat_name,
  group_not_found,
  group_name_exists,
  invalid_group_name,
  member_not_found,
  invalid_argument,
  limit_reached,  // one more would pass a limit of catalog.h
  io_error,
  corrupt_state,
  unsupported_format,  // written by a newer Whippet, or by an older one without format versions
};

std::string_view to_string(errc e) noexcept;

}  // namespace whippet::metadata
