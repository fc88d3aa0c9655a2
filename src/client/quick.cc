#include "client/quick.h"

namespace whippet::client {

result<client, error> open(const std::string& address, const credentials& who, client_options options) {
  auto c = client::connect(address, options);
  if (!c) return fail(c.error());
  auto login = who.token.empty() ? c->login_user(who.username, who.password)
                                 : c->login_with_personal_access_token(who.token);
  if (!login) return fail(login.error());
  return std::move(*c);
}

result<void, error> send_text(client& c, const identifier& stream, const identifier& topic,
                              const std::vector<std::string>& texts, const bin::partitioning& partitioning) {
  if (texts.empty()) return {};
  std::vector<uint8_t> blob;
  for (const auto& t : texts) append_message(blob, outgoing_message::text(t));
  return c.send_messages(stream, topic, partitioning, blob, static_cast<uint32_t>(texts.size()));
}

result<std::vector<message>, error> poll_text(client& c, const identifier& stream, const identifier& topic,
                                              uint32_t partition, uint64_t offset, uint32_t count) {
  auto p = c.poll_messages(bin::consumer::single(identifier::numeric(0)), stream, topic, partition,
                           bin::polling_strategy::offset(offset), count, false);
  if (!p) return fail(p.error());
  std::vector<message> out;
  if (!decode_messages(std::span<const uint8_t>(p->payload).subspan(bin::polled_messages_header_size),
                       p->header.messages_count, p->header.partition_id, out))
    return fail(error{errc::protocol_error, 0, "malformed or corrupt messages in a poll reply"});
  return out;
}

}  // namespace whippet::client
