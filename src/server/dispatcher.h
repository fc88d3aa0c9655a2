#pragma once
// dispatcher: maps a command code to its handler (handlers/<command>.cc).
// Included only by the connection and the handlers: it brings in Asio's
// coroutine type.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <span>

#include "server/reply.h"
#include "server/command_context.h"

namespace whippet::server {

using handler_fn = boost::asio::awaitable<reply> (*)(command_context&, std::span<uint8_t>);

// The handler for `code`, or nullptr when the server does not serve it.
handler_fn find_handler(uint32_t code) noexcept;

// Runs the handler for `code`; an unknown code is answered with InvalidCommand.
// A request with bytes after its fields is served, logged at debug level and
// counted (wire_metrics.h).
boost::asio::awaitable<reply> dispatch(command_context& ctx, uint32_t code, std::span<uint8_t> payload);

}  // namespace whippet::server
