#pragma once
// api: a test client that sends any command by its codec and decodes the
// answers, over a real TCP connection to a spawned whippet-server.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "client/client.h"
#include "protocol/binary/requests/create_stream.h"
#include "protocol/binary/requests/create_consumer_group.h"
#include "protocol/binary/requests/create_topic.h"
#include "protocol/binary/requests/create_user.h"
#include "protocol/binary/requests/get_consumer_group.h"
#include "protocol/binary/requests/get_me.h"
#include "protocol/binary/requests/get_stream.h"
#include "protocol/binary/requests/get_topic.h"
#include "protocol/binary/requests/login_with_personal_access_token.h"
#include "protocol/binary/requests/login_user.h"
#include "protocol/binary/requests/poll_messages.h"
#include "protocol/binary/requests/send_messages.h"
#include "protocol/binary/responses/client.h"
#include "protocol/binary/responses/consumer_group.h"
#include "protocol/binary/responses/polled_messages.h"
#include "protocol/binary/responses/stream.h"
#include "protocol/binary/responses/topic.h"
#include "protocol/binary/responses/user.h"
#include "storage/message_batch.h"
#include "support/batch_builder.h"

namespace whippet::testkit {

namespace bin = protocol::binary;

struct polled {
  uint32_t partition_id = 0;
  uint64_t current_offset = 0;
  std::vector<uint64_t> offsets;
  std::vector<std::string> payloads;
};

class api {
 public:
  explicit api(const std::string& address) {
    auto c = client::client::connect(address);
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
    if (c.ok()) client_ = std::make_unique<client::client>(std::move(*c));
  }

  // 0 for OK, the server's status otherwise (or 1 for a transport failure).
  template <typename Req>
  uint32_t status_of(const Req& req) {
    auto r = call(req);
    return r.ok() ? 0 : (r.error().status ? r.error().status : 1);
  }

  template <typename Req>
  result<std::vector<uint8_t>, client::error> call(const Req& req) {
    const auto payload = encode(req);  // found by ADL for every request type
    return client_->send_raw(static_cast<uint32_t>(Req::code), payload);
  }

  result<std::vector<uint8_t>, client::error> raw(bin::command_code code, std::span<const uint8_t> payload) {
    return client_->send_raw(static_cast<uint32_t>(code), payload);
  }

  uint32_t login(const std::string& user = "iggy", const std::string& password = "iggy") {
    return status_of(bin::login_user_request{user, password, "", ""});
  }

  uint32_t create_stream(const std::string& name) {
    auto r = call(bin::create_stream_request{name});
    EXPECT_TRUE(r.ok()) << "create_stream " << name;
    if (!r.ok()) return UINT32_MAX;
    return bin::decode_stream_response(*r)->id;
  }

  uint32_t create_topic(uint32_t stream, const std::string& name, uint32_t partitions, uint64_t expiry = 0) {
    bin::create_topic_request req;
    req.stream = bin::identifier::numeric(stream);
    req.partitions_count = partitions;
    req.message_expiry = expiry;
    req.name = name;
    auto r = call(req);
    EXPECT_TRUE(r.ok()) << "create_topic " << name << ": " << (r.ok() ? "" : r.error().message);
    if (!r.ok()) return UINT32_MAX;
    return bin::decode_topic_details(*r)->topic.id;
  }

  uint32_t send(uint32_t stream, uint32_t topic, const bin::partitioning& partitioning,
                const std::vector<std::string>& payloads, const std::vector<uint64_t>& ids = {}) {
    batch_builder b;
    for (size_t i = 0; i < payloads.size(); ++i) b.add(payloads[i], {}, i < ids.size() ? ids[i] : 0);
    const auto payload = bin::encode_send_messages(bin::identifier::numeric(stream), bin::identifier::numeric(topic),
                                                   partitioning, b.bytes(), b.count());
    auto r = raw(bin::command_code::send_messages, payload);
    return r.ok() ? 0 : (r.error().status ? r.error().status : 1);
  }

  result<polled, uint32_t> poll(const bin::consumer& consumer, uint32_t stream, uint32_t topic,
                                std::optional<uint32_t> partition, bin::polling_strategy strategy, uint32_t count,
                                bool auto_commit = false) {
    bin::poll_messages_request req{consumer, bin::identifier::numeric(stream), bin::identifier::numeric(topic),
                                   partition, strategy, count, auto_commit};
    auto r = call(req);
    if (!r.ok()) return fail(r.error().status ? r.error().status : 1u);
    auto decoded = bin::decode_polled_messages(*r);
    EXPECT_TRUE(decoded.ok());
    if (!decoded.ok()) return fail(1u);
    polled out;
    out.partition_id = decoded->header.partition_id;
    out.current_offset = decoded->header.current_offset;
    size_t at = 0;
    for (uint32_t i = 0; i < decoded->header.messages_count; ++i) {
      const storage::message_view m(decoded->messages.data() + at);
      EXPECT_TRUE(m.checksum_ok());
      out.offsets.push_back(m.offset());
      out.payloads.emplace_back(reinterpret_cast<const char*>(m.payload().data()), m.payload().size());
      at += m.size();
    }
    return out;
  }

  client::client& raw_client() { return *client_; }

  // ---- helpers added for the command-by-command integration tests ----

  // The OK reply to `req` decoded by `decode`; nullopt (with a test failure) otherwise.
  template <typename Req, typename Decode>
  auto fetch(const Req& req, Decode decode)
      -> std::optional<typename std::invoke_result_t<Decode, std::span<const uint8_t>>::value_type> {
    auto r = call(req);
    EXPECT_TRUE(r.ok()) << "command " << static_cast<uint32_t>(Req::code) << " failed with status "
                        << (r.ok() ? 0u : r.error().status);
    if (!r.ok()) return std::nullopt;
    auto d = decode(std::span<const uint8_t>(r->data(), r->size()));
    EXPECT_TRUE(d.ok()) << "cannot decode the reply to command " << static_cast<uint32_t>(Req::code);
    if (!d.ok()) return std::nullopt;
    return std::move(*d);
  }

  // The raw OK payload of `req` (nullopt with a test failure on an error status).
  template <typename Req>
  std::optional<std::vector<uint8_t>> payload_of(const Req& req) {
    auto r = call(req);
    EXPECT_TRUE(r.ok()) << "command " << static_cast<uint32_t>(Req::code) << " failed with status "
                        << (r.ok() ? 0u : r.error().status);
    if (!r.ok()) return std::nullopt;
    return std::move(*r);
  }

  uint32_t login_with_token(const std::string& token) {
    return status_of(bin::login_with_personal_access_token_request{token});
  }

  std::optional<bin::stream_details> get_stream(const bin::identifier& stream) {
    return fetch(bin::get_stream_request{stream},
                 [](std::span<const uint8_t> p) { return bin::decode_stream_details(p); });
  }

  std::optional<bin::topic_details> get_topic(const bin::identifier& stream, const bin::identifier& topic) {
    return fetch(bin::get_topic_request{stream, topic},
                 [](std::span<const uint8_t> p) { return bin::decode_topic_details(p); });
  }

  std::optional<bin::consumer_group_details> get_group(uint32_t stream, uint32_t topic, const bin::identifier& group) {
    return fetch(bin::get_consumer_group_request{bin::identifier::numeric(stream), bin::identifier::numeric(topic),
                                                 group},
                 [](std::span<const uint8_t> p) { return bin::decode_consumer_group_details(p); });
  }

  std::optional<bin::client_details> me() {
    return fetch(bin::get_me_request{}, [](std::span<const uint8_t> p) { return bin::decode_client_details(p); });
  }

  uint32_t create_group(uint32_t stream, uint32_t topic, const std::string& name) {
    auto g = fetch(bin::create_consumer_group_request{bin::identifier::numeric(stream),
                                                      bin::identifier::numeric(topic), name},
                   [](std::span<const uint8_t> p) { return bin::decode_consumer_group_response(p); });
    return g ? g->id : UINT32_MAX;
  }

  uint32_t create_user(const std::string& name, const std::string& password,
                       std::optional<bin::permissions> perms = std::nullopt,
                       bin::user_status status = bin::user_status::active) {
    auto u = fetch(bin::create_user_request{name, password, status, std::move(perms)},
                   [](std::span<const uint8_t> p) { return bin::decode_user_details(p); });
    return u ? u->user.id : UINT32_MAX;
  }

 private:
  std::unique_ptr<client::client> client_;
};

inline uint32_t code(bin::status s) { return static_cast<uint32_t>(s); }
inline bin::identifier num(uint32_t id) { return bin::identifier::numeric(id); }
inline bin::identifier named(const std::string& name) { return bin::identifier::named(name); }

inline bin::consumer consumer_id(uint32_t id) { return bin::consumer::single(bin::identifier::numeric(id)); }
inline bin::consumer group_id(uint32_t id) { return bin::consumer::group(bin::identifier::numeric(id)); }

}  // namespace whippet::testkit
