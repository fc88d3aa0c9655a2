#include "client/client.h"

#include "protocol/binary/requests/create_stream.h"
#include "protocol/binary/requests/create_topic.h"
#include "protocol/binary/requests/delete_stream.h"
#include "protocol/binary/requests/login_user.h"
#include "protocol/binary/requests/ping.h"
#include "protocol/binary/requests/poll_messages.h"
#include "protocol/binary/requests/send_messages.h"
#include "protocol/binary/responses/identity.h"
#include "protocol/binary/status.h"

namespace whippet::client {
namespace bin = protocol::binary;

result<client, error> client::connect(const std::string& address, client_options options) {
  tcp_transport transport;
  if (auto r = transport.connect(address, options.connect_timeout); !r) return fail(r.error());
  return client(std::move(transport), options);
}

result<std::vector<uint8_t>, error> client::send_raw(uint32_t code, std::span<const uint8_t> payload) {
  auto reply = transport_.request(code, payload, options_.request_timeout);
  if (!reply) return fail(reply.error());
  if (reply->status != 0) {
    return fail(error{errc::server_error, reply->status,
                      "server error " + std::to_string(reply->status) + " (" +
                          std::string(bin::status_name(reply->status)) + ")"});
  }
  return std::move(reply->payload);
}

result<void, error> client::ping() {
  const bin::ping_request request;
  const auto payload = bin::encode(request);
  auto r = send_raw(static_cast<uint32_t>(bin::ping_request::code), payload);
  if (!r) return fail(r.error());
  return {};
}

namespace {
template <typename Req>
result<std::vector<uint8_t>, error> call(client& c, const Req& req) {
  const auto payload = encode(req);
  return c.send_raw(static_cast<uint32_t>(Req::code), payload);
}

error bad_reply(std::string_view what) { return error{errc::protocol_error, 0, "malformed " + std::string(what) + " reply"}; }
}  // namespace

result<uint32_t, error> client::login_user(const std::string& username, const std::string& password) {
  auto r = call(*this, bin::login_user_request{username, password, "", ""});
  if (!r) return fail(r.error());
  auto id = bin::decode_identity_response(*r);
  if (!id) return fail(bad_reply("login_user"));
  return id->user_id;
}

result<bin::stream_response, error> client::create_stream(const std::string& name) {
  auto r = call(*this, bin::create_stream_request{name});
  if (!r) return fail(r.error());
  auto s = bin::decode_stream_response(*r);
  if (!s) return fail(bad_reply("create_stream"));
  return *s;
}

result<void, error> client::delete_stream(const bin::identifier& stream) {
  auto r = call(*this, bin::delete_stream_request{stream});
  if (!r) return fail(r.error());
  return {};
}

result<bin::topic_details, error> client::create_topic(const bin::identifier& stream, const std::string& name,
                                                       uint32_t partitions_count, uint64_t message_expiry,
                                                       uint64_t max_topic_size) {
  bin::create_topic_request req;
  req.stream = stream;
  req.partitions_count = partitions_count;
  req.message_expiry = message_expiry;
  req.max_topic_size = max_topic_size;
  req.name = name;
  auto r = call(*this, req);
  if (!r) return fail(r.error());
  auto t = bin::decode_topic_details(*r);
  if (!t) return fail(bad_reply("create_topic"));
  return *t;
}

result<void, error> client::send_messages(const bin::identifier& stream, const bin::identifier& topic,
                                          const bin::partitioning& partitioning, std::span<const uint8_t> messages,
                                          uint32_t count) {
  const auto payload = bin::encode_send_messages(stream, topic, partitioning, messages, count);
  auto r = send_raw(static_cast<uint32_t>(bin::command_code::send_messages), payload);
  if (!r) return fail(r.error());
  return {};
}

result<client::polled, error> client::poll_messages(const bin::consumer& consumer, const bin::identifier& stream,
                                                    const bin::identifier& topic, std::optional<uint32_t> partition_id,
                                                    const bin::polling_strategy& strategy, uint32_t count,
                                                    bool auto_commit) {
  auto r = call(*this, bin::poll_messages_request{consumer, stream, topic, partition_id, strategy, count, auto_commit});
  if (!r) return fail(r.error());
  bytes::byte_reader reader(*r);
  auto header = bin::read_polled_messages_header(reader);
  if (!header) return fail(bad_reply("poll_messages"));
  return polled{*header, std::move(*r)};
}

}  // namespace whippet::client
