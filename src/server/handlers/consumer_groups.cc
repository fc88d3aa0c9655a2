// Consumer groups over the Iggy binary protocol: get_consumer_group,
// get_consumer_groups, create_consumer_group, delete_consumer_group,
// join_consumer_group, leave_consumer_group (commands/groups.h).

#include "protocol/binary/requests/create_consumer_group.h"
#include "protocol/binary/requests/delete_consumer_group.h"
#include "protocol/binary/requests/get_consumer_group.h"
#include "protocol/binary/requests/get_consumer_groups.h"
#include "protocol/binary/requests/join_consumer_group.h"
#include "protocol/binary/requests/leave_consumer_group.h"
#include "protocol/binary/responses/consumer_group.h"
#include "server/commands/groups.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"

namespace whippet::server::handlers {
namespace {

bin::consumer_group_response summary(const commands::group_info& g) {
  return {g.id, g.partitions_count, g.members_count, g.name};
}

}  // namespace

boost::asio::awaitable<reply> handle_get_consumer_group(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_consumer_group_request(payload));
  auto r = co_await commands::get_consumer_group(ctx, to_ref(req.stream), to_ref(req.topic), to_ref(req.group));
  if (!r && (r.error() == commands::errc::group_id_not_found || r.error() == commands::errc::group_name_not_found))
    co_return reply::ok();  // unknown group: an empty answer
  if (!r) co_return reply::error(to_status(r.error()));
  bin::consumer_group_details d;
  d.group = summary(*r);
  for (const auto& m : r->members) d.members.push_back({m.client_id, m.partitions});
  co_return reply::ok(encoded(d));
}

boost::asio::awaitable<reply> handle_get_consumer_groups(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_consumer_groups_request(payload));
  auto r = co_await commands::get_consumer_groups(ctx, to_ref(req.stream), to_ref(req.topic));
  if (!r) co_return reply::error(to_status(r.error()));
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  for (const auto& g : *r) bin::encode(w, summary(g));
  co_return reply::ok(std::move(out));
}

boost::asio::awaitable<reply> handle_create_consumer_group(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_create_consumer_group_request(payload));
  auto r = co_await commands::create_consumer_group(ctx, to_ref(req.stream), to_ref(req.topic), req.name);
  if (!r) co_return reply::error(to_status(r.error()));
  co_return reply::ok(encoded(summary(*r)));
}

boost::asio::awaitable<reply> handle_delete_consumer_group(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_delete_consumer_group_request(payload));
  co_return answer(
      co_await commands::delete_consumer_group(ctx, to_ref(req.stream), to_ref(req.topic), to_ref(req.group)));
}

boost::asio::awaitable<reply> handle_join_consumer_group(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_join_consumer_group_request(payload));
  co_return answer(
      co_await commands::join_consumer_group(ctx, to_ref(req.stream), to_ref(req.topic), to_ref(req.group)));
}

boost::asio::awaitable<reply> handle_leave_consumer_group(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_leave_consumer_group_request(payload));
  co_return answer(
      co_await commands::leave_consumer_group(ctx, to_ref(req.stream), to_ref(req.topic), to_ref(req.group)));
}

}  // namespace whippet::server::handlers
