#include "client/client.h"

#include "protocol/binary/requests/ping.h"
#include "protocol/binary/status.h"

namespace whippet::client {
namespace bin = protocol::binary;

result<client, error> client::connect(const std::string& address, client_options options) {
  tcp_transport transport;
  if (auto r = transport.connect(address, options.connect_timeout); !r) return fail(r.error());
  return client(std::move(transport), options);
}

result<std::vector<uint8_t>, error> client::send_raw(uint32_t code, std::span<const uint8_t> payload) {
  auto reply = transport_.request(code, payload, options_.request_timeout);
  if (!reply) return fail(reply.error());
  if (reply->status != 0) {
    return fail(error{errc::server_error, reply->status,
                      "server error " + std::to_string(reply->status) + " (" +
                          std::string(bin::status_name(reply->status)) + ")"});
  }
  return std::move(reply->payload);
}

result<void, error> client::ping() {
  const bin::ping_request request;
  const auto payload = bin::encode(request);
  auto r = send_raw(static_cast<uint32_t>(bin::ping_request::code), payload);
  if (!r) return fail(r.error());
  return {};
}

}  // namespace whippet::client
