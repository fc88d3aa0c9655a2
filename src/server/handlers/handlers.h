#pragma once
// One handler per command, each in handlers/<command>.cc, named handle_<command>.

#include "server/dispatcher.h"

namespace whippet::server::handlers {

boost::asio::awaitable<reply> handle_ping(session& s, std::span<const uint8_t> payload);

}  // namespace whippet::server::handlers
