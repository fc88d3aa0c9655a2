#include "server/dispatcher.h"

#include <algorithm>
#include <array>
#include <utility>

#include "base/log.h"
#include "protocol/binary/command_code.h"
#include "server/handlers/handlers.h"

namespace whippet::server {
namespace {
using protocol::binary::command_code;
using entry = std::pair<command_code, handler_fn>;

// Sorted by code. Adding a command: a codec in protocol/binary/requests/, a
// handler in handlers/, and one line here.
constexpr std::array k_handlers = {
    entry{command_code::ping, &handlers::handle_ping},
};
static_assert(std::is_sorted(k_handlers.begin(), k_handlers.end(),
                             [](const entry& a, const entry& b) { return a.first < b.first; }));
}  // namespace

handler_fn find_handler(uint32_t code) noexcept {
  auto it = std::lower_bound(k_handlers.begin(), k_handlers.end(), code,
                             [](const entry& e, uint32_t c) { return static_cast<uint32_t>(e.first) < c; });
  if (it == k_handlers.end() || static_cast<uint32_t>(it->first) != code) return nullptr;
  return it->second;
}

boost::asio::awaitable<reply> dispatch(session& s, uint32_t code, std::span<const uint8_t> payload) {
  handler_fn handler = find_handler(code);
  if (handler == nullptr) {
    const auto name = protocol::binary::command_name(code);
    log::debug("client {}: {} command code {}{}", s.client_id, name ? "unsupported" : "unknown", code,
               name ? " (" + std::string(*name) + ")" : std::string());
    co_return reply::error(protocol::binary::status::invalid_command);
  }
  co_return co_await handler(s, payload);
}

}  // namespace whippet::server
