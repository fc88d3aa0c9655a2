#include "server/handlers/support.h"

#include "protocol/binary/responses/identity.h"
#include "server/commands/command.h"

namespace whippet::server::handlers {

metadata::ref to_ref(const bin::identifier& id) {
  if (id.kind == bin::identifier::kind_t::numeric) return id.number;
  return id.name;
}

commands::consumer_ref to_consumer(const bin::consumer& c) {
  return {c.kind == bin::consumer::kind_t::consumer_group ? commands::consumer_ref::kind::group
                                                          : commands::consumer_ref::kind::consumer,
          to_ref(c.id)};
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
    case errc::client_not_found: return status::client_not_found;
    case errc::feature_unavailable: return status::feature_unavailable;
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
