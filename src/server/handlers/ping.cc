#include "protocol/binary/requests/ping.h"
#include "server/handlers/handlers.h"

namespace whippet::server::handlers {

boost::asio::awaitable<reply> handle_ping(session&, std::span<const uint8_t> payload) {
  auto request = protocol::binary::decode_ping_request(payload);
  if (!request) co_return reply::error(request.error());
  co_return reply::ok();
}

}  // namespace whippet::server::handlers
