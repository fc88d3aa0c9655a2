#pragma once
// The Iggy binary protocol's front door: one handler per command, named
// handle_<command>, grouped by resource in handlers/<resource>.cc. Each
// decodes its payload with the codec of the same name
// (protocol/binary/requests/<command>.h), calls the command layer's operation
// (server/commands/), where login, rights, lookups and shard hops happen, and
// encodes the result or the error as a reply.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <span>

#include "server/command_context.h"
#include "server/reply.h"

namespace whippet::server::handlers {

boost::asio::awaitable<reply> handle_ping(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_stats(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_snapshot(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_cluster_metadata(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_me(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_client(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_clients(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_user(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_users(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_create_user(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_delete_user(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_update_user(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_update_permissions(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_change_password(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_login_user(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_logout_user(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_personal_access_tokens(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_create_personal_access_token(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_delete_personal_access_token(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_login_with_personal_access_token(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_poll_messages(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_send_messages(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_flush_unsaved_buffer(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_consumer_offset(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_store_consumer_offset(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_delete_consumer_offset(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_stream(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_streams(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_create_stream(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_delete_stream(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_update_stream(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_purge_stream(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_topic(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_topics(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_create_topic(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_delete_topic(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_update_topic(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_purge_topic(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_create_partitions(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_delete_partitions(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_delete_segments(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_consumer_group(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_get_consumer_groups(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_create_consumer_group(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_delete_consumer_group(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_join_consumer_group(command_context& ctx, std::span<uint8_t> payload);
boost::asio::awaitable<reply> handle_leave_consumer_group(command_context& ctx, std::span<uint8_t> payload);

}  // namespace whippet::server::handlers
