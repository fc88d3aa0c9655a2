// client: one method per command. Each encodes its request with the codec of
// the same name and decodes the answer.

#include "client/client.h"
#include "protocol/binary/requests/all.h"
#include "protocol/binary/responses/identity.h"

namespace whippet::client {
namespace {

template <typename Req>
result<std::vector<uint8_t>, error> call(client& c, const Req& req) {
  const auto payload = encode(req);
  return c.send_raw(static_cast<uint32_t>(Req::code), payload);
}

error bad_reply(std::string_view command) {
  return error{errc::protocol_error, 0, "malformed " + std::string(command) + " reply"};
}

// Runs the request; decodes an OK payload with `decode`.
template <typename T, typename Req, typename Decode>
result<T, error> ask(client& c, const Req& req, std::string_view name, Decode decode) {
  auto r = call(c, req);
  if (!r) return fail(r.error());
  auto v = decode(std::span<const uint8_t>(*r));
  if (!v) return fail(bad_reply(name));
  return T(std::move(*v));
}

// The same for commands whose unknown object is an empty OK answer.
template <typename T, typename Req, typename Decode>
result<std::optional<T>, error> ask_optional(client& c, const Req& req, std::string_view name, Decode decode) {
  auto r = call(c, req);
  if (!r) return fail(r.error());
  if (r->empty()) return std::optional<T>();
  auto v = decode(std::span<const uint8_t>(*r));
  if (!v) return fail(bad_reply(name));
  return std::optional<T>(std::move(*v));
}

template <typename Req>
result<void, error> run(client& c, const Req& req) {
  auto r = call(c, req);
  if (!r) return fail(r.error());
  return {};
}

}  // namespace


result<void, error> client::ping() { return run(*this, bin::ping_request{}); }
result<bin::stats_response, error> client::get_stats() {
  return ask<bin::stats_response>(*this, bin::get_stats_request{}, "get_stats", bin::decode_stats_response);
}
result<bin::client_details, error> client::get_me() {
  return ask<bin::client_details>(*this, bin::get_me_request{}, "get_me", bin::decode_client_details);
}
result<std::optional<bin::client_details>, error> client::get_client(uint32_t client_id) {
  return ask_optional<bin::client_details>(*this, bin::get_client_request{client_id}, "get_client", bin::decode_client_details);
}
result<std::vector<bin::client_response>, error> client::get_clients() {
  return ask<std::vector<bin::client_response>>(*this, bin::get_clients_request{}, "get_clients", bin::decode_client_list);
}
result<bin::cluster_metadata, error> client::get_cluster_metadata() {
  return ask<bin::cluster_metadata>(*this, bin::get_cluster_metadata_request{}, "get_cluster_metadata",
                                    bin::decode_cluster_metadata);
}

result<uint32_t, error> client::login_user(const std::string& username, const std::string& password) {
  auto id = ask<bin::identity_response>(*this, bin::login_user_request{username, password, "", ""}, "login_user",
                                        bin::decode_identity_response);
  if (!id) return fail(id.error());
  password_login_ = {username, password};
  token_login_.reset();
  return id->user_id;
}
result<uint32_t, error> client::login_with_personal_access_token(const std::string& token) {
  auto id = ask<bin::identity_response>(*this, bin::login_with_personal_access_token_request{token},
                                        "login_with_personal_access_token", bin::decode_identity_response);
  if (!id) return fail(id.error());
  token_login_ = token;
  password_login_.reset();
  return id->user_id;
}
result<void, error> client::logout_user() {
  auto r = run(*this, bin::logout_user_request{});
  if (r) {
    password_login_.reset();
    token_login_.reset();
  }
  return r;
}
result<std::optional<bin::user_details>, error> client::get_user(const identifier& user) {
  return ask_optional<bin::user_details>(*this, bin::get_user_request{user}, "get_user", bin::decode_user_details);
}
result<std::vector<bin::user_response>, error> client::get_users() {
  return ask<std::vector<bin::user_response>>(*this, bin::get_users_request{}, "get_users", bin::decode_user_list);
}
result<bin::user_details, error> client::create_user(const bin::create_user_request& request) {
  return ask<bin::user_details>(*this, request, "create_user", bin::decode_user_details);
}
result<void, error> client::update_user(const bin::update_user_request& request) { return run(*this, request); }
result<void, error> client::delete_user(const identifier& user) { return run(*this, bin::delete_user_request{user}); }
result<void, error> client::update_permissions(const identifier& user, const std::optional<bin::permissions>& permissions) {
  return run(*this, bin::update_permissions_request{user, permissions});
}
result<void, error> client::change_password(const identifier& user, const std::string& current, const std::string& next) {
  return run(*this, bin::change_password_request{user, current, next});
}

result<std::vector<bin::personal_access_token_info>, error> client::get_personal_access_tokens() {
  return ask<std::vector<bin::personal_access_token_info>>(*this, bin::get_personal_access_tokens_request{},
                                                           "get_personal_access_tokens",
                                                           bin::decode_personal_access_token_list);
}
result<std::string, error> client::create_personal_access_token(const std::string& name, uint64_t expiry) {
  auto t = ask<bin::raw_personal_access_token>(*this, bin::create_personal_access_token_request{name, expiry},
                                               "create_personal_access_token", bin::decode_raw_personal_access_token);
  if (!t) return fail(t.error());
  return t->token;
}
result<void, error> client::delete_personal_access_token(const std::string& name) {
  return run(*this, bin::delete_personal_access_token_request{name});
}

result<std::vector<bin::stream_response>, error> client::get_streams() {
  return ask<std::vector<bin::stream_response>>(*this, bin::get_streams_request{}, "get_streams", bin::decode_stream_list);
}
result<std::optional<bin::stream_details>, error> client::get_stream(const identifier& stream) {
  return ask_optional<bin::stream_details>(*this, bin::get_stream_request{stream}, "get_stream", bin::decode_stream_details);
}
result<bin::stream_response, error> client::create_stream(const std::string& name) {
  return ask<bin::stream_response>(*this, bin::create_stream_request{name}, "create_stream", bin::decode_stream_response);
}
result<void, error> client::update_stream(const identifier& stream, const std::string& name) {
  return run(*this, bin::update_stream_request{stream, name});
}
result<void, error> client::delete_stream(const identifier& stream) { return run(*this, bin::delete_stream_request{stream}); }
result<void, error> client::purge_stream(const identifier& stream) { return run(*this, bin::purge_stream_request{stream}); }
result<std::vector<bin::topic_header>, error> client::get_topics(const identifier& stream) {
  return ask<std::vector<bin::topic_header>>(*this, bin::get_topics_request{stream}, "get_topics", bin::decode_topic_list);
}
result<std::optional<bin::topic_details>, error> client::get_topic(const identifier& stream, const identifier& topic) {
  return ask_optional<bin::topic_details>(*this, bin::get_topic_request{stream, topic}, "get_topic", bin::decode_topic_details);
}
result<bin::topic_details, error> client::create_topic(const bin::create_topic_request& request) {
  return ask<bin::topic_details>(*this, request, "create_topic", bin::decode_topic_details);
}
result<bin::topic_details, error> client::create_topic(const identifier& stream, const std::string& name,
                                                       uint32_t partitions_count, uint64_t message_expiry,
                                                       uint64_t max_topic_size) {
  bin::create_topic_request req;
  req.stream = stream;
  req.partitions_count = partitions_count;
  req.message_expiry = message_expiry;
  req.max_topic_size = max_topic_size;
  req.name = name;
  return create_topic(req);
}
result<void, error> client::update_topic(const bin::update_topic_request& request) { return run(*this, request); }
result<void, error> client::delete_topic(const identifier& stream, const identifier& topic) {
  return run(*this, bin::delete_topic_request{stream, topic});
}
result<void, error> client::purge_topic(const identifier& stream, const identifier& topic) {
  return run(*this, bin::purge_topic_request{stream, topic});
}
result<void, error> client::create_partitions(const identifier& stream, const identifier& topic, uint32_t count) {
  return run(*this, bin::create_partitions_request{stream, topic, count});
}
result<void, error> client::delete_partitions(const identifier& stream, const identifier& topic, uint32_t count) {
  return run(*this, bin::delete_partitions_request{stream, topic, count});
}
result<void, error> client::delete_segments(const identifier& stream, const identifier& topic, uint32_t partition_id,
                                            uint32_t segments_count) {
  return run(*this, bin::delete_segments_request{stream, topic, partition_id, segments_count});
}

result<void, error> client::send_messages(const identifier& stream, const identifier& topic,
                                          const bin::partitioning& partitioning, std::span<const uint8_t> messages,
                                          uint32_t count) {
  const auto payload = bin::encode_send_messages(stream, topic, partitioning, messages, count);
  auto r = send_raw(static_cast<uint32_t>(bin::command_code::send_messages), payload);
  if (!r) return fail(r.error());
  return {};
}
result<client::polled, error> client::poll_messages(const bin::consumer& consumer, const identifier& stream,
                                                    const identifier& topic, std::optional<uint32_t> partition_id,
                                                    const bin::polling_strategy& strategy, uint32_t count,
                                                    bool auto_commit) {
  auto r = call(*this, bin::poll_messages_request{consumer, stream, topic, partition_id, strategy, count, auto_commit});
  if (!r) return fail(r.error());
  bytes::byte_reader reader(*r);
  auto header = bin::read_polled_messages_header(reader);
  if (!header) return fail(bad_reply("poll_messages"));
  return polled{*header, std::move(*r)};
}
result<void, error> client::flush_unsaved_buffer(const identifier& stream, const identifier& topic,
                                                 uint32_t partition_id, bool fsync) {
  return run(*this, bin::flush_unsaved_buffer_request{stream, topic, partition_id, fsync});
}

result<std::optional<bin::consumer_offset_response>, error> client::get_consumer_offset(
    const bin::consumer& consumer, const identifier& stream, const identifier& topic,
    std::optional<uint32_t> partition_id) {
  return ask_optional<bin::consumer_offset_response>(*this,
                                                     bin::get_consumer_offset_request{consumer, stream, topic, partition_id},
                                                     "get_consumer_offset", bin::decode_consumer_offset_response);
}
result<void, error> client::store_consumer_offset(const bin::consumer& consumer, const identifier& stream,
                                                  const identifier& topic, std::optional<uint32_t> partition_id,
                                                  uint64_t offset) {
  return run(*this, bin::store_consumer_offset_request{consumer, stream, topic, partition_id, offset});
}
result<void, error> client::delete_consumer_offset(const bin::consumer& consumer, const identifier& stream,
                                                   const identifier& topic, std::optional<uint32_t> partition_id) {
  return run(*this, bin::delete_consumer_offset_request{consumer, stream, topic, partition_id});
}
result<std::vector<bin::consumer_group_response>, error> client::get_consumer_groups(const identifier& stream,
                                                                                     const identifier& topic) {
  return ask<std::vector<bin::consumer_group_response>>(*this, bin::get_consumer_groups_request{stream, topic},
                                                        "get_consumer_groups", bin::decode_consumer_group_list);
}
result<std::optional<bin::consumer_group_details>, error> client::get_consumer_group(const identifier& stream,
                                                                                    const identifier& topic,
                                                                                    const identifier& group) {
  return ask_optional<bin::consumer_group_details>(*this, bin::get_consumer_group_request{stream, topic, group},
                                                   "get_consumer_group", bin::decode_consumer_group_details);
}
result<bin::consumer_group_response, error> client::create_consumer_group(const identifier& stream,
                                                                          const identifier& topic,
                                                                          const std::string& name) {
  return ask<bin::consumer_group_response>(*this, bin::create_consumer_group_request{stream, topic, name},
                                           "create_consumer_group", bin::decode_consumer_group_response);
}
result<void, error> client::delete_consumer_group(const identifier& stream, const identifier& topic,
                                                  const identifier& group) {
  return run(*this, bin::delete_consumer_group_request{stream, topic, group});
}
result<void, error> client::join_consumer_group(const identifier& stream, const identifier& topic,
                                                const identifier& group) {
  return run(*this, bin::join_consumer_group_request{stream, topic, group});
}
result<void, error> client::leave_consumer_group(const identifier& stream, const identifier& topic,
                                                 const identifier& group) {
  return run(*this, bin::leave_consumer_group_request{stream, topic, group});
}

}  // namespace whippet::client
