#include "server/dispatcher.h"

#include <algorithm>
#include <array>
#include <utility>

#include "base/log.h"
#include "protocol/binary/command_code.h"
#include "server/handlers/handlers.h"
#include "server/wire_metrics.h"

namespace whippet::server {
namespace {
using protocol::binary::command_code;
using entry = std::pair<command_code, handler_fn>;

// Sorted by code. Adding a command: a codec in protocol/binary/requests/, a
// handler in handlers/, and one line here.
constexpr std::array k_handlers = {
    entry{command_code::ping, &handlers::handle_ping},
    entry{command_code::get_stats, &handlers::handle_get_stats},
    entry{command_code::get_snapshot, &handlers::handle_get_snapshot},
    entry{command_code::get_cluster_metadata, &handlers::handle_get_cluster_metadata},
    entry{command_code::get_me, &handlers::handle_get_me},
    entry{command_code::get_client, &handlers::handle_get_client},
    entry{command_code::get_clients, &handlers::handle_get_clients},
    entry{command_code::get_user, &handlers::handle_get_user},
    entry{command_code::get_users, &handlers::handle_get_users},
    entry{command_code::create_user, &handlers::handle_create_user},
    entry{command_code::delete_user, &handlers::handle_delete_user},
    entry{command_code::update_user, &handlers::handle_update_user},
    entry{command_code::update_permissions, &handlers::handle_update_permissions},
    entry{command_code::change_password, &handlers::handle_change_password},
    entry{command_code::login_user, &handlers::handle_login_user},
    entry{command_code::logout_user, &handlers::handle_logout_user},
    entry{command_code::get_personal_access_tokens, &handlers::handle_get_personal_access_tokens},
    entry{command_code::create_personal_access_token, &handlers::handle_create_personal_access_token},
    entry{command_code::delete_personal_access_token, &handlers::handle_delete_personal_access_token},
    entry{command_code::login_with_personal_access_token, &handlers::handle_login_with_personal_access_token},
    entry{command_code::poll_messages, &handlers::handle_poll_messages},
    entry{command_code::send_messages, &handlers::handle_send_messages},
    entry{command_code::flush_unsaved_buffer, &handlers::handle_flush_unsaved_buffer},
    entry{command_code::get_consumer_offset, &handlers::handle_get_consumer_offset},
    entry{command_code::store_consumer_offset, &handlers::handle_store_consumer_offset},
    entry{command_code::delete_consumer_offset, &handlers::handle_delete_consumer_offset},
    entry{command_code::get_stream, &handlers::handle_get_stream},
    entry{command_code::get_streams, &handlers::handle_get_streams},
    entry{command_code::create_stream, &handlers::handle_create_stream},
    entry{command_code::delete_stream, &handlers::handle_delete_stream},
    entry{command_code::update_stream, &handlers::handle_update_stream},
    entry{command_code::purge_stream, &handlers::handle_purge_stream},
    entry{command_code::get_topic, &handlers::handle_get_topic},
    entry{command_code::get_topics, &handlers::handle_get_topics},
    entry{command_code::create_topic, &handlers::handle_create_topic},
    entry{command_code::delete_topic, &handlers::handle_delete_topic},
    entry{command_code::update_topic, &handlers::handle_update_topic},
    entry{command_code::purge_topic, &handlers::handle_purge_topic},
    entry{command_code::create_partitions, &handlers::handle_create_partitions},
    entry{command_code::delete_partitions, &handlers::handle_delete_partitions},
    entry{command_code::delete_segments, &handlers::handle_delete_segments},
    entry{command_code::get_consumer_group, &handlers::handle_get_consumer_group},
    entry{command_code::get_consumer_groups, &handlers::handle_get_consumer_groups},
    entry{command_code::create_consumer_group, &handlers::handle_create_consumer_group},
    entry{command_code::delete_consumer_group, &handlers::handle_delete_consumer_group},
    entry{command_code::join_consumer_group, &handlers::handle_join_consumer_group},
    entry{command_code::leave_consumer_group, &handlers::handle_leave_consumer_group},
};
}  // namespace

handler_fn find_handler(uint32_t code) noexcept {
  static_assert(std::is_sorted(k_handlers.begin(), k_handlers.end(),
                               [](const entry& a, const entry& b) { return a.first < b.first; }));
  auto it = std::lower_bound(k_handlers.begin(), k_handlers.end(), code,
                             [](const entry& e, uint32_t c) { return static_cast<uint32_t>(e.first) < c; });
  if (it == k_handlers.end() || static_cast<uint32_t>(it->first) != code) return nullptr;
  return it->second;
}

boost::asio::awaitable<reply> dispatch(command_context& ctx, uint32_t code, std::span<uint8_t> payload) {
  handler_fn handler = find_handler(code);
  if (handler == nullptr) {
    const auto name = protocol::binary::command_name(code);
    log::debug("client {}: {} command code {}{}", ctx.s.client_id, name ? "unsupported" : "unknown", code,
               name ? " (" + std::string(*name) + ")" : std::string());
    co_return reply::error(protocol::binary::status::invalid_command);
  }
  reply r = co_await handler(ctx, payload);
  // Served, as Iggy 0.8 serves them (its own SDKs send some), but made
  // visible: such a client may be written for another layout of the command.
  if (ctx.trailing_bytes > 0) {
    wire_metrics::count_request_with_trailing_bytes();
    log::debug("client {}: command code {} ({}) had {} byte(s) after its fields, ignored", ctx.s.client_id, code,
               protocol::binary::command_name(code).value_or("?"), ctx.trailing_bytes);
  }
  co_return r;
}

}  // namespace whippet::server
