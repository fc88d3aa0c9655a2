#include "server/commands/command.h"

namespace whippet::server::commands {

std::string_view to_string(errc e) noexcept {
  switch (e) {
    case errc::unauthenticated: return "unauthenticated";
    case errc::user_inactive: return "user inactive";
    case errc::unauthorized: return "unauthorized";
    case errc::invalid_credentials: return "invalid credentials";
    case errc::token_expired: return "personal access token expired";
    case errc::user_not_found: return "user not found";
    case errc::token_not_found: return "personal access token not found";
    case errc::user_exists: return "user already exists";
    case errc::token_exists: return "personal access token already exists";
    case errc::tokens_limit_reached: return "personal access tokens limit reached";
    case errc::cannot_delete_root: return "the root user cannot be deleted";
    case errc::cannot_change_root_permissions: return "the root user's permissions cannot be changed";
    case errc::invalid_username: return "invalid username";
    case errc::invalid_password: return "invalid password";
    case errc::invalid_token_name: return "invalid personal access token name";
    case errc::stream_id_not_found: return "stream id not found";
    case errc::stream_name_not_found: return "stream name not found";
    case errc::topic_id_not_found: return "topic id not found";
    case errc::topic_name_not_found: return "topic name not found";
    case errc::partition_not_found: return "partition not found";
    case errc::no_partitions: return "the topic has no partitions";
    case errc::segment_not_found: return "segment not found";
    case errc::group_id_not_found: return "consumer group id not found";
    case errc::group_name_not_found: return "consumer group name not found";
    case errc::group_member_not_found: return "not a member of the consumer group";
    case errc::consumer_offset_not_found: return "consumer offset not found";
    case errc::group_name_exists: return "consumer group name already exists";
    case errc::invalid_group_name: return "invalid consumer group name";
    case errc::limit_reached: return "limit reached";
    case errc::invalid_messages_count: return "invalid messages count";
    case errc::invalid_offset: return "invalid offset";
    case errc::empty_payload: return "empty message payload";
    case errc::payload_too_large: return "message payload too large";
    case errc::user_headers_too_large: return "user headers too large";
    case errc::invalid_header_key: return "invalid header key";
    case errc::invalid_header_value: return "invalid header value";
    case errc::stream_name_exists: return "stream name already exists";
    case errc::topic_name_exists: return "topic name already exists";
    case errc::invalid_stream_name: return "invalid stream name";
    case errc::invalid_topic_name: return "invalid topic name";
    case errc::too_many_partitions: return "too many partitions";
    case errc::invalid_partitions_count: return "invalid partitions count";
    case errc::invalid_expiry: return "invalid expiry";
    case errc::invalid_argument: return "invalid argument";
    case errc::client_not_found: return "client not found";
    case errc::feature_unavailable: return "feature unavailable";
    case errc::disk_full: return "disk full";
    case errc::internal: return "internal error";
  }
  return "unknown error";
}

errc from(metadata::errc e) noexcept {
  switch (e) {
    case metadata::errc::stream_not_found: return errc::stream_id_not_found;
    case metadata::errc::stream_name_exists: return errc::stream_name_exists;
    case metadata::errc::invalid_stream_name: return errc::invalid_stream_name;
    case metadata::errc::topic_not_found: return errc::topic_id_not_found;
    case metadata::errc::topic_name_exists: return errc::topic_name_exists;
    case metadata::errc::invalid_topic_name: return errc::invalid_topic_name;
    case metadata::errc::too_many_partitions: return errc::too_many_partitions;
    case metadata::errc::invalid_partitions_count: return errc::invalid_partitions_count;
    case metadata::errc::partition_not_found: return errc::partition_not_found;
    case metadata::errc::cannot_change_root: return errc::unauthorized;
    case metadata::errc::user_not_found: return errc::user_not_found;
    case metadata::errc::user_exists: return errc::user_exists;
    case metadata::errc::invalid_username: return errc::invalid_username;
    case metadata::errc::invalid_password: return errc::invalid_password;
    case metadata::errc::pat_exists: return errc::token_exists;
    case metadata::errc::pat_not_found: return errc::token_not_found;
    case metadata::errc::pats_limit_reached: return errc::tokens_limit_reached;
    case metadata::errc::invalid_pat_name: return errc::invalid_token_name;
    case metadata::errc::group_not_found: return errc::group_id_not_found;
    case metadata::errc::group_name_exists: return errc::group_name_exists;
    case metadata::errc::invalid_group_name: return errc::invalid_group_name;
    case metadata::errc::member_not_found: return errc::group_member_not_found;
    case metadata::errc::invalid_argument: return errc::invalid_argument;
    case metadata::errc::limit_reached: return errc::limit_reached;
    default: return errc::internal;
  }
}

errc from(storage::errc e) noexcept {
  switch (e) {
    case storage::errc::empty_batch: return errc::invalid_messages_count;
    case storage::errc::batch_size_mismatch: return errc::invalid_argument;
    case storage::errc::empty_payload: return errc::empty_payload;
    case storage::errc::payload_too_large: return errc::payload_too_large;
    case storage::errc::user_headers_too_large: return errc::user_headers_too_large;
    case storage::errc::invalid_header_key: return errc::invalid_header_key;
    case storage::errc::invalid_header_value: return errc::invalid_header_value;
    case storage::errc::offset_out_of_range: return errc::invalid_offset;
    case storage::errc::segment_not_found: return errc::segment_not_found;
    case storage::errc::invalid_argument: return errc::invalid_argument;
    case storage::errc::no_space: return errc::disk_full;
    case storage::errc::io_error:
    case storage::errc::partition_failed:
    case storage::errc::corrupt_data: return errc::internal;
  }
  return errc::internal;
}

std::optional<errc> require_login(command_context& ctx) {
  if (!ctx.s.user_id) return errc::unauthenticated;
  // A user deleted or deactivated since login loses the session at once; a
  // user created since with the same id is somebody else.
  auto it = ctx.cat().users.find(*ctx.s.user_id);
  const bool same_user = it != ctx.cat().users.end() && it->second.incarnation == ctx.s.user_incarnation;
  if (same_user && it->second.status == 1) return std::nullopt;
  ctx.s.user_id.reset();
  ctx.s.user_incarnation = 0;
  ctx.b.sessions().set_user(ctx.s.client_id, std::nullopt);
  return same_user ? errc::user_inactive : errc::unauthenticated;
}

result<const metadata::stream*, errc> find_stream(const command_context& ctx, const ref& stream) {
  const metadata::stream* s = ctx.cat().find_stream(stream);
  if (s == nullptr)
    return fail(std::holds_alternative<uint32_t>(stream) ? errc::stream_id_not_found : errc::stream_name_not_found);
  return s;
}

result<topic_found, errc> find_topic(const command_context& ctx, const ref& stream, const ref& topic) {
  auto s = find_stream(ctx, stream);
  if (!s) return fail(s.error());
  const metadata::topic* t = ctx.cat().find_topic(**s, topic);
  if (t == nullptr)
    return fail(std::holds_alternative<uint32_t>(topic) ? errc::topic_id_not_found : errc::topic_name_not_found);
  return topic_found{*s, t};
}

std::optional<errc> check(command_context& ctx, auth::global_right right) {
  if (auto denied = require_login(ctx)) return denied;
  if (!auth::allowed(ctx.cat(), ctx.user(), right)) return errc::unauthorized;
  return std::nullopt;
}

result<const metadata::stream*, errc> checked_stream(command_context& ctx, const ref& stream,
                                                     auth::stream_right right) {
  if (auto denied = require_login(ctx)) return fail(*denied);
  auto s = find_stream(ctx, stream);
  if (!s) return s;
  if (!auth::allowed(ctx.cat(), ctx.user(), (*s)->id, right)) return fail(errc::unauthorized);
  return s;
}

result<topic_found, errc> checked_topic(command_context& ctx, const ref& stream, const ref& topic,
                                        auth::topic_right right) {
  if (auto denied = require_login(ctx)) return fail(*denied);
  auto t = find_topic(ctx, stream, topic);
  if (!t) return t;
  if (!auth::allowed(ctx.cat(), ctx.user(), t->stream->id, t->topic->id, right)) return fail(errc::unauthorized);
  return t;
}

}  // namespace whippet::server::commands
