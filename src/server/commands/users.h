#pragma once
// Users, logins and personal access tokens (commands/command.h). Argon2 runs
// on the worker pool, never on a shard; failed logins are spaced out per
// client IP and username (auth/login_throttle.h) and per session.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/commands/command.h"

namespace whippet::server::commands {

// The session logs in as the user; its id.
op<uint32_t> login_user(command_context& ctx, std::string username, std::string password);
op<void> logout_user(command_context& ctx);
// Oneself, or anyone with read_users.
op<user_info> get_user(command_context& ctx, ref user);
op<std::vector<user_info>> get_users(command_context& ctx);
// manage_users for the rest, but change_password, which one may do for oneself.
op<user_info> create_user(command_context& ctx, std::string username, std::string password, bool active,
                          std::optional<metadata::permissions> permissions);
op<void> update_user(command_context& ctx, ref user, std::optional<std::string> username, std::optional<bool> active);
op<void> delete_user(command_context& ctx, ref user);
op<void> update_permissions(command_context& ctx, ref user, std::optional<metadata::permissions> permissions);
op<void> change_password(command_context& ctx, ref user, std::string current_password, std::string new_password);

// The caller's own tokens.
op<std::vector<token_info>> get_personal_access_tokens(command_context& ctx);
// `expiry`: µs from now; 0 (server default) and UINT64_MAX mean never. The
// token itself, shown only here.
op<std::string> create_personal_access_token(command_context& ctx, std::string name, uint64_t expiry);
op<void> delete_personal_access_token(command_context& ctx, std::string name);
// The session logs in as the token's owner; its id.
op<uint32_t> login_with_personal_access_token(command_context& ctx, std::string token);

}  // namespace whippet::server::commands
