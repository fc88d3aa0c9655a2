// Topic commands over the Iggy binary protocol: get_topic, get_topics,
// create_topic, update_topic, delete_topic, purge_topic; and
// create_partitions, delete_partitions, delete_segments. Each decodes, calls
// its operation in commands/topics.h and encodes the answer.

#include "protocol/binary/requests/create_partitions.h"
#include "protocol/binary/requests/create_topic.h"
#include "protocol/binary/requests/delete_partitions.h"
#include "protocol/binary/requests/delete_segments.h"
#include "protocol/binary/requests/delete_topic.h"
#include "protocol/binary/requests/get_topic.h"
#include "protocol/binary/requests/get_topics.h"
#include "protocol/binary/requests/purge_topic.h"
#include "protocol/binary/requests/update_topic.h"
#include "server/commands/topics.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"
#include "server/handlers/views.h"

namespace whippet::server::handlers {
namespace {

template <typename Request>
commands::topic_settings settings_of(const Request& req) {
  return {req.name, static_cast<uint8_t>(req.compression), req.message_expiry, req.max_topic_size,
          req.replication_factor};
}

}  // namespace

boost::asio::awaitable<reply> handle_get_topic(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_topic_request(payload));
  auto r = co_await commands::get_topic(ctx, to_ref(req.stream), to_ref(req.topic));
  if (!r && is_not_found(r.error())) co_return reply::ok();  // unknown: an empty answer, as Iggy
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(topic_details_view(*r)));
}

boost::asio::awaitable<reply> handle_get_topics(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_topics_request(payload));
  auto r = co_await commands::get_topics(ctx, to_ref(req.stream));
  if (!r) co_return reply::error(to_status(r.error()));
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  for (const auto& t : *r) bin::encode(w, topic_view(t));
  co_return reply::ok(std::move(out));
}

boost::asio::awaitable<reply> handle_create_topic(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_create_topic_request(payload));
  auto r = co_await commands::create_topic(ctx, to_ref(req.stream), settings_of(req), req.partitions_count);
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(topic_details_view(*r)));
}

boost::asio::awaitable<reply> handle_update_topic(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_update_topic_request(payload));
  co_return answer(co_await commands::update_topic(ctx, to_ref(req.stream), to_ref(req.topic), settings_of(req)));
}

boost::asio::awaitable<reply> handle_delete_topic(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_delete_topic_request(payload));
  co_return answer(co_await commands::delete_topic(ctx, to_ref(req.stream), to_ref(req.topic)));
}

boost::asio::awaitable<reply> handle_purge_topic(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_purge_topic_request(payload));
  co_return answer(co_await commands::purge_topic(ctx, to_ref(req.stream), to_ref(req.topic)));
}

boost::asio::awaitable<reply> handle_create_partitions(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_create_partitions_request(payload));
  co_return answer(
      co_await commands::create_partitions(ctx, to_ref(req.stream), to_ref(req.topic), req.partitions_count));
}

boost::asio::awaitable<reply> handle_delete_partitions(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_delete_partitions_request(payload));
  co_return answer(
      co_await commands::delete_partitions(ctx, to_ref(req.stream), to_ref(req.topic), req.partitions_count));
}

boost::asio::awaitable<reply> handle_delete_segments(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_delete_segments_request(payload));
  co_return answer(co_await commands::delete_segments(ctx, to_ref(req.stream), to_ref(req.topic), req.partition_id,
                                                      req.segments_count));
}

}  // namespace whippet::server::handlers
