#include "protocol/binary/command_code.h"

#include <algorithm>
#include <array>
#include <utility>

namespace whippet::protocol::binary {
namespace {
using entry = std::pair<command_code, std::string_view>;
// Sorted by code for binary search.
constexpr std::array k_names = {
    entry{command_code::ping, "ping"},
    entry{command_code::get_stats, "get_stats"},
    entry{command_code::get_snapshot, "get_snapshot"},
    entry{command_code::get_cluster_metadata, "get_cluster_metadata"},
    entry{command_code::get_me, "get_me"},
    entry{command_code::get_client, "get_client"},
    entry{command_code::get_clients, "get_clients"},
    entry{command_code::get_user, "get_user"},
    entry{command_code::get_users, "get_users"},
    entry{command_code::create_user, "create_user"},
    entry{command_code::delete_user, "delete_user"},
    entry{command_code::update_user, "update_user"},
    entry{command_code::update_permissions, "update_permissions"},
    entry{command_code::change_password, "change_password"},
    entry{command_code::login_user, "login_user"},
    entry{command_code::logout_user, "logout_user"},
    entry{command_code::get_personal_access_tokens, "get_personal_access_tokens"},
    entry{command_code::create_personal_access_token, "create_personal_access_token"},
    entry{command_code::delete_personal_access_token, "delete_personal_access_token"},
    entry{command_code::login_with_personal_access_token, "login_with_personal_access_token"},
    entry{command_code::poll_messages, "poll_messages"},
    entry{command_code::send_messages, "send_messages"},
    entry{command_code::flush_unsaved_buffer, "flush_unsaved_buffer"},
    entry{command_code::get_consumer_offset, "get_consumer_offset"},
    entry{command_code::store_consumer_offset, "store_consumer_offset"},
    entry{command_code::delete_consumer_offset, "delete_consumer_offset"},
    entry{command_code::get_stream, "get_stream"},
    entry{command_code::get_streams, "get_streams"},
    entry{command_code::create_stream, "create_stream"},
    entry{command_code::delete_stream, "delete_stream"},
    entry{command_code::update_stream, "update_stream"},
    entry{command_code::purge_stream, "purge_stream"},
    entry{command_code::get_topic, "get_topic"},
    entry{command_code::get_topics, "get_topics"},
    entry{command_code::create_topic, "create_topic"},
    entry{command_code::delete_topic, "delete_topic"},
    entry{command_code::update_topic, "update_topic"},
    entry{command_code::purge_topic, "purge_topic"},
    entry{command_code::create_partitions, "create_partitions"},
    entry{command_code::delete_partitions, "delete_partitions"},
    entry{command_code::delete_segments, "delete_segments"},
    entry{command_code::get_consumer_group, "get_consumer_group"},
    entry{command_code::get_consumer_groups, "get_consumer_groups"},
    entry{command_code::create_consumer_group, "create_consumer_group"},
    entry{command_code::delete_consumer_group, "delete_consumer_group"},
    entry{command_code::join_consumer_group, "join_consumer_group"},
    entry{command_code::leave_consumer_group, "leave_consumer_group"},
};
static_assert(std::is_sorted(k_names.begin(), k_names.end(),
                             [](const entry& a, const entry& b) { return a.first < b.first; }));
}  // namespace

std::optional<std::string_view> command_name(uint32_t code) noexcept {
  auto it = std::lower_bound(k_names.begin(), k_names.end(), code,
                             [](const entry& e, uint32_t c) { return static_cast<uint32_t>(e.first) < c; });
  if (it == k_names.end() || static_cast<uint32_t>(it->first) != code) return std::nullopt;
  return it->second;
}

}  // namespace whippet::protocol::binary
