#include "client/client.h"

#include <thread>

#include "client/tcp_transport.h"
#include "protocol/binary/requests/login_user.h"
#include "protocol/binary/requests/login_with_personal_access_token.h"
#include "protocol/binary/status.h"

namespace whippet::client {

client::client(std::unique_ptr<transport> t, std::string address, client_options options)
    : transport_(std::move(t)), address_(std::move(address)), options_(options) {}

client::client(client&&) noexcept = default;
client& client::operator=(client&&) noexcept = default;
client::~client() = default;

result<client, error> client::connect(const std::string& address, client_options options) {
  return connect(std::make_unique<tcp_transport>(), address, options);
}

result<client, error> client::connect(std::unique_ptr<transport> t, const std::string& address,
                                      client_options options) {
  if (auto r = t->connect(address, options.connect_timeout); !r) return fail(r.error());
  return client(std::move(t), address, options);
}

result<void, error> client::reconnect() {
  auto backoff = options_.reconnect_backoff;
  error last{errc::disconnected, 0, "not connected"};
  for (unsigned attempt = 0; attempt < options_.reconnect_attempts; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
    auto r = transport_->connect(address_, options_.connect_timeout);
    if (!r) {
      last = r.error();
      continue;
    }
    // Restore the session: the server knows nothing of the old connection.
    std::vector<uint8_t> payload;
    uint32_t code = 0;
    if (password_login_) {
      payload = encode(bin::login_user_request{password_login_->first, password_login_->second, "", ""});
      code = static_cast<uint32_t>(bin::command_code::login_user);
    } else if (token_login_) {
      payload = encode(bin::login_with_personal_access_token_request{*token_login_});
      code = static_cast<uint32_t>(bin::command_code::login_with_personal_access_token);
    }
    if (code == 0) return {};
    auto login = transport_->request(code, payload, options_.request_timeout);
    if (login && login->status == 0) return {};
    if (login) return fail(error{errc::server_error, login->status, "login after reconnect refused"});
    last = login.error();
  }
  return fail(error{last.code, last.status, "cannot reconnect to " + address_ + ": " + last.message});
}

result<std::vector<uint8_t>, error> client::send_raw(uint32_t code, std::span<const uint8_t> payload) {
  if (!transport_->connected()) {
    if (options_.reconnect_attempts == 0) return fail(error{errc::disconnected, 0, "not connected"});
    if (auto r = reconnect(); !r) return fail(r.error());
  }
  auto reply = transport_->request(code, payload, options_.request_timeout);
  if (!reply) return fail(reply.error());  // the transport closed itself; the next call reconnects
  if (reply->status != 0) {
    return fail(error{errc::server_error, reply->status,
                      "server error " + std::to_string(reply->status) + " (" +
                          std::string(bin::status_name(reply->status)) + ")"});
  }
  return std::move(reply->payload);
}

}  // namespace whippet::client
