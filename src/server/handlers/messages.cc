// send_messages, poll_messages and flush_unsaved_buffer over the Iggy binary
// protocol (commands/messages.h). A poll's messages go out as the ranges the
// log answered with (sendfile, or memory from the tail cache), after a
// 16-byte header: partition_id:u32 current_offset:u64 count:u32.

#include "protocol/binary/requests/flush_unsaved_buffer.h"
#include "protocol/binary/requests/poll_messages.h"
#include "protocol/binary/requests/send_messages.h"
#include "server/commands/messages.h"
#include "server/handlers/handlers.h"
#include "server/handlers/support.h"

namespace whippet::server::handlers {
namespace {

commands::partitioning to_partitioning(const bin::partitioning& p) {
  using kind = commands::partitioning::kind;
  switch (p.kind) {
    case bin::partitioning::kind_t::balanced: return {kind::balanced, 0, {}};
    case bin::partitioning::kind_t::partition_id: return {kind::partition_id, p.partition_id, {}};
    case bin::partitioning::kind_t::messages_key: return {kind::messages_key, 0, p.key};
  }
  return {};
}

commands::polling to_polling(const bin::polling_strategy& s) {
  using kind = commands::polling::kind;
  switch (s.kind) {
    case bin::polling_strategy::kind_t::offset: return {kind::offset, s.value};
    case bin::polling_strategy::kind_t::timestamp: return {kind::timestamp, s.value};
    case bin::polling_strategy::kind_t::first: return {kind::first, 0};
    case bin::polling_strategy::kind_t::last: return {kind::last, 0};
    case bin::polling_strategy::kind_t::next: return {kind::next, 0};
  }
  return {};
}

}  // namespace

boost::asio::awaitable<reply> handle_send_messages(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_send_messages_request(payload));
  co_return answer(co_await commands::send_messages(ctx, to_ref(req.stream), to_ref(req.topic),
                                                    to_partitioning(req.partitioning), req.messages,
                                                    req.messages_count));
}

boost::asio::awaitable<reply> handle_poll_messages(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_poll_messages_request(payload));
  auto r = co_await commands::poll_messages(ctx, to_consumer(req.consumer), to_ref(req.stream), to_ref(req.topic),
                                            req.partition_id, to_polling(req.strategy), req.count, req.auto_commit);
  if (!r) co_return reply::error(to_status(r.error()));
  std::vector<uint8_t> header;
  bytes::byte_writer w(header);
  w.write<uint32_t>(r->partition_id);
  w.write<uint64_t>(r->current_offset);
  w.write<uint32_t>(r->count);
  reply out = reply::ok(std::move(header));
  out.files = std::move(r->ranges);
  co_return out;
}

boost::asio::awaitable<reply> handle_flush_unsaved_buffer(command_context& ctx, std::span<uint8_t> payload) {
  WHIPPET_DECODE(ctx, req, bin::decode_flush_unsaved_buffer_request(payload));
  co_return answer(co_await commands::flush_unsaved_buffer(ctx, to_ref(req.stream), to_ref(req.topic),
                                                           req.partition_id, req.fsync));
}

}  // namespace whippet::server::handlers
