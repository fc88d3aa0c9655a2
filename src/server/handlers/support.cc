#include "server/handlers/support.h"

#include "protocol/binary/responses/identity.h"
#include "server/commands/command.h"


namespace whippet::server::handlers {

status to_status(metadata::errc e) noexcept {
  switch (e) {
    case metadata::errc::stream_not_found: return status::stream_id_not_found;
    case metadata::errc::stream_name_exists: return status::stream_name_already_exists;
    case metadata::errc::invalid_stream_name: return status::invalid_stream_name;
    case metadata::errc::topic_not_found: return status::topic_id_not_found;
    case metadata::errc::topic_name_exists: return status::topic_name_already_exists;
    case metadata::errc::invalid_topic_name: return status::invalid_topic_name;
    case metadata::errc::too_many_partitions: return status::too_many_partitions;
    case metadata::errc::invalid_partitions_count: return status::invalid_format;
    case metadata::errc::partition_not_found: return status::partition_not_found;
    case metadata::errc::user_not_found: return status::resource_not_found;
    case metadata::errc::user_exists: return status::user_already_exists;
    case metadata::errc::invalid_username: return status::invalid_username;
    case metadata::errc::invalid_password: return status::invalid_password;
    case metadata::errc::cannot_change_root: return status::unauthorized;
    case metadata::errc::pat_exists: return status::pat_already_exists;
    case metadata::errc::pat_not_found: return status::invalid_personal_access_token;
    case metadata::errc::pats_limit_reached: return status::pats_limit_reached;
    case metadata::errc::invalid_pat_name: return status::invalid_format;
    case metadata::errc::group_not_found: return status::consumer_group_id_not_found;
    case metadata::errc::group_name_exists: return status::consumer_group_name_already_exists;
    case metadata::errc::invalid_group_name: return status::invalid_format;
    case metadata::errc::member_not_found: return status::consumer_group_member_not_found;
    case metadata::errc::invalid_argument: return status::invalid_format;
    case metadata::errc::limit_reached: return status::invalid_format;
    case metadata::errc::io_error: return status::error;
    case metadata::errc::corrupt_state: return status::error;
    case metadata::errc::unsupported_format: return status::error;
  }
  return status::error;
}

status to_status(storage::errc e) noexcept {
  switch (e) {
    case storage::errc::empty_batch: return status::invalid_messages_count;
    case storage::errc::batch_size_mismatch: return status::invalid_format;
    case storage::errc::empty_payload: return status::empty_message_payload;
    case storage::errc::payload_too_large: return status::too_big_message_payload;
    case storage::errc::user_headers_too_large: return status::too_big_user_headers;
    case storage::errc::invalid_header_key: return status::invalid_header_key;
    case storage::errc::invalid_header_value: return status::invalid_header_value;
    case storage::errc::offset_out_of_range: return status::invalid_offset;
    case storage::errc::segment_not_found: return status::segment_not_found;
    case storage::errc::invalid_argument: return status::invalid_format;
    case storage::errc::io_error: return status::error;
    case storage::errc::no_space: return status::topic_full;  // the disk is full: nothing more fits
    case storage::errc::partition_failed: return status::error;
    case storage::errc::corrupt_data: return status::error;
  }
  return status::error;
}

metadata::ref to_ref(const bin::identifier& id) {
  if (id.kind == bin::identifier::kind_t::numeric) return id.number;
  return id.name;
}

commands::consumer_ref to_consumer(const bin::consumer& c) {
  return {c.kind == bin::consumer::kind_t::consumer_group ? commands::consumer_ref::kind::group
                                                          : commands::consumer_ref::kind::consumer,
          to_ref(c.id)};
}

std::optional<reply> require_login(command_context& ctx) {
  if (auto denied = commands::require_login(ctx)) return reply::error(to_status(*denied));
  return std::nullopt;
}

status to_status(commands::errc e) noexcept {
  using commands::errc;
  switch (e) {
    case errc::unauthenticated: return status::unauthenticated;
    case errc::user_inactive: return status::user_inactive;
    case errc::unauthorized: return status::unauthorized;
    case errc::invalid_credentials: return status::invalid_credentials;
    case errc::token_expired: return status::pat_expired;
    case errc::user_not_found: return status::resource_not_found;
    case errc::token_not_found: return status::invalid_personal_access_token;
    case errc::user_exists: return status::user_already_exists;
    case errc::token_exists: return status::pat_already_exists;
    case errc::tokens_limit_reached: return status::pats_limit_reached;
    case errc::cannot_delete_root: return status::cannot_delete_user;
    case errc::cannot_change_root_permissions: return status::cannot_change_permissions;
    case errc::invalid_username: return status::invalid_username;
    case errc::invalid_password: return status::invalid_password;
    case errc::invalid_token_name: return status::invalid_format;
    case errc::stream_id_not_found: return status::stream_id_not_found;
    case errc::stream_name_not_found: return status::stream_name_not_found;
    case errc::topic_id_not_found: return status::topic_id_not_found;
    case errc::topic_name_not_found: return status::topic_name_not_found;
    case errc::partition_not_found: return status::partition_not_found;
    case errc::no_partitions: return status::no_partitions;
    case errc::segment_not_found: return status::segment_not_found;
    case errc::group_id_not_found: return status::consumer_group_id_not_found;
    case errc::group_name_not_found: return status::consumer_group_name_not_found;
    case errc::group_member_not_found: return status::consumer_group_member_not_found;
    case errc::consumer_offset_not_found: return status::consumer_offset_not_found;
    case errc::group_name_exists: return status::consumer_group_name_already_exists;
    case errc::invalid_group_name:
    case errc::limit_reached: return status::invalid_format;
    case errc::invalid_messages_count: return status::invalid_messages_count;
    case errc::invalid_offset: return status::invalid_offset;
    case errc::empty_payload: return status::empty_message_payload;
    case errc::payload_too_large: return status::too_big_message_payload;
    case errc::user_headers_too_large: return status::too_big_user_headers;
    case errc::invalid_header_key: return status::invalid_header_key;
    case errc::invalid_header_value: return status::invalid_header_value;
    case errc::stream_name_exists: return status::stream_name_already_exists;
    case errc::topic_name_exists: return status::topic_name_already_exists;
    case errc::invalid_stream_name: return status::invalid_stream_name;
    case errc::invalid_topic_name: return status::invalid_topic_name;
    case errc::too_many_partitions: return status::too_many_partitions;
    case errc::invalid_partitions_count:
    case errc::invalid_expiry:
    case errc::invalid_argument: return status::invalid_format;
    case errc::disk_full: return status::topic_full;
    case errc::internal: return status::error;
  }
  return status::error;
}

bool is_not_found(commands::errc e) noexcept {
  using commands::errc;
  return e == errc::stream_id_not_found || e == errc::stream_name_not_found || e == errc::topic_id_not_found ||
         e == errc::topic_name_not_found;
}

reply identity(const result<uint32_t, commands::errc>& r) {
  if (!r) return reply::error(to_status(r.error()));
  return reply::ok(encoded(bin::identity_response{*r}));
}

reply answer(const result<void, commands::errc>& r) {
  if (!r) return reply::error(to_status(r.error()));
  return reply::ok();
}

}  // namespace whippet::server::handlers
