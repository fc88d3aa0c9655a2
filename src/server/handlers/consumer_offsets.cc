// Consumer offsets over the Iggy binary protocol: get_consumer_offset,
// store_consumer_offset, delete_consumer_offset (commands/groups.h).

#include "protocol/binary/requests/delete_consumer_offset.h"
#include "protocol/binary/requests/get_consumer_offset.h"
#include "protocol/binary/requests/store_consumer_offset.h"
#include "protocol/binary/responses/consumer_offset.h"
#include "server/commands/groups.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"

namespace whippet::server::handlers {

boost::asio::awaitable<reply> handle_get_consumer_offset(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_get_consumer_offset_request(payload));
  auto r = co_await commands::get_consumer_offset(ctx, to_consumer(req.consumer), to_ref(req.stream),
                                                  to_ref(req.topic), req.partition_id);
  if (!r) co_return reply::error(to_status(r.error()));
  if (!*r) co_return reply::ok();  // nothing stored: an empty answer
  co_return reply::ok(encoded(bin::consumer_offset_response{(*r)->partition_id, (*r)->current_offset,
                                                            (*r)->stored_offset}));
}

boost::asio::awaitable<reply> handle_store_consumer_offset(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_store_consumer_offset_request(payload));
  co_return answer(co_await commands::store_consumer_offset(ctx, to_consumer(req.consumer), to_ref(req.stream),
                                                            to_ref(req.topic), req.partition_id, req.offset));
}

boost::asio::awaitable<reply> handle_delete_consumer_offset(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_delete_consumer_offset_request(payload));
  co_return answer(co_await commands::delete_consumer_offset(ctx, to_consumer(req.consumer), to_ref(req.stream),
                                                             to_ref(req.topic), req.partition_id));
}

}  // namespace whippet::server::handlers
