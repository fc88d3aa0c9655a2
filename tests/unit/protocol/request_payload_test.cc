// Every request decoder reads a payload as Iggy 0.8 does: bytes after the
// request's fields are ignored and reported (the Node.js SDK 0.8.0 sends some),
// and a payload that ends before the fields do is InvalidCommand. One table
// with a sample of each command, so a new command cannot skip these checks.

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>

#include "codec_test_util.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/requests/all.h"

namespace {

using namespace codec_test;
using bin::identifier;

// A command's sample payload, and its decoder: the number of trailing bytes
// reported, after checking that the fields read back as the sample's.
struct request_case {
  bytes payload;
  std::function<whippet::result<size_t, bin::status>(bytes&)> decode;
};

template <typename Request, typename Decode>
std::pair<bin::command_code, request_case> sample(const Request& req, Decode decode) {
  request_case c;
  c.payload = encode(req);  // found by argument-dependent lookup
  c.decode = [req, decode](bytes& payload) -> whippet::result<size_t, bin::status> {
    auto d = decode(payload);
    if (!d) return whippet::fail(d.error());
    EXPECT_TRUE(d->request == req) << "command " << static_cast<uint32_t>(Request::code) << " read other fields";
    return d->trailing_bytes;
  };
  return {Request::code, std::move(c)};
}

bytes one_message() {
  bytes m(64, 0);
  m[52] = 2;  // payload_length
  m.push_back('h');
  m.push_back('i');
  return m;
}

const std::map<bin::command_code, request_case>& every_request() {
  static const auto cases = [] {
    const auto s = identifier::numeric(1);
    const auto t = identifier::named("orders");
    const auto g = identifier::named("workers");
    const auto me = bin::consumer::single(identifier::numeric(7));
    bin::permissions perms;
    perms.global.read_streams = true;
    perms.streams[1].topics[2].poll_messages = true;
    bin::create_topic_request topic{s, 3, bin::compression_algorithm::none, 0, 0, 0, "events"};
    bin::update_topic_request update_topic{s, t, bin::compression_algorithm::gzip, 10, 20, 0, "renamed"};

    std::map<bin::command_code, request_case> m;
    auto add = [&m](std::pair<bin::command_code, request_case> c) { m.insert(std::move(c)); };
    add(sample(bin::ping_request{}, bin::decode_ping_request));
    add(sample(bin::get_stats_request{}, bin::decode_get_stats_request));
    add(sample(bin::get_snapshot_request{bin::snapshot_compression::deflated, {bin::snapshot_type::all}},
               bin::decode_get_snapshot_request));
    add(sample(bin::get_cluster_metadata_request{}, bin::decode_get_cluster_metadata_request));
    add(sample(bin::get_me_request{}, bin::decode_get_me_request));
    add(sample(bin::get_client_request{42}, bin::decode_get_client_request));
    add(sample(bin::get_clients_request{}, bin::decode_get_clients_request));
    add(sample(bin::get_user_request{identifier::named("bob")}, bin::decode_get_user_request));
    add(sample(bin::get_users_request{}, bin::decode_get_users_request));
    add(sample(bin::create_user_request{"bob", "secret", bin::user_status::active, perms},
               bin::decode_create_user_request));
    add(sample(bin::delete_user_request{identifier::numeric(3)}, bin::decode_delete_user_request));
    add(sample(bin::update_user_request{identifier::numeric(3), "rob", bin::user_status::inactive},
               bin::decode_update_user_request));
    add(sample(bin::update_permissions_request{identifier::numeric(3), perms}, bin::decode_update_permissions_request));
    add(sample(bin::change_password_request{identifier::numeric(3), "old-pw", "new-pw"},
               bin::decode_change_password_request));
    add(sample(bin::login_user_request{"iggy", "iggy", "0.8.0", "node"}, bin::decode_login_user_request));
    add(sample(bin::logout_user_request{}, bin::decode_logout_user_request));
    add(sample(bin::get_personal_access_tokens_request{}, bin::decode_get_personal_access_tokens_request));
    add(sample(bin::create_personal_access_token_request{"ci", 60'000'000},
               bin::decode_create_personal_access_token_request));
    add(sample(bin::delete_personal_access_token_request{"ci"}, bin::decode_delete_personal_access_token_request));
    add(sample(bin::login_with_personal_access_token_request{"token"},
               bin::decode_login_with_personal_access_token_request));
    add(sample(bin::poll_messages_request{me, s, t, 0u, bin::polling_strategy::offset(5), 10, true},
               bin::decode_poll_messages_request));
    add(sample(bin::flush_unsaved_buffer_request{s, t, 0, true}, bin::decode_flush_unsaved_buffer_request));
    add(sample(bin::get_consumer_offset_request{me, s, t, std::nullopt}, bin::decode_get_consumer_offset_request));
    add(sample(bin::store_consumer_offset_request{me, s, t, 2u, 99}, bin::decode_store_consumer_offset_request));
    add(sample(bin::delete_consumer_offset_request{me, s, t, 2u}, bin::decode_delete_consumer_offset_request));
    add(sample(bin::get_stream_request{s}, bin::decode_get_stream_request));
    add(sample(bin::get_streams_request{}, bin::decode_get_streams_request));
    add(sample(bin::create_stream_request{"orders"}, bin::decode_create_stream_request));
    add(sample(bin::delete_stream_request{s}, bin::decode_delete_stream_request));
    add(sample(bin::update_stream_request{s, "renamed"}, bin::decode_update_stream_request));
    add(sample(bin::purge_stream_request{s}, bin::decode_purge_stream_request));
    add(sample(bin::get_topic_request{s, t}, bin::decode_get_topic_request));
    add(sample(bin::get_topics_request{s}, bin::decode_get_topics_request));
    add(sample(topic, bin::decode_create_topic_request));
    add(sample(bin::delete_topic_request{s, t}, bin::decode_delete_topic_request));
    add(sample(update_topic, bin::decode_update_topic_request));
    add(sample(bin::purge_topic_request{s, t}, bin::decode_purge_topic_request));
    add(sample(bin::create_partitions_request{s, t, 2}, bin::decode_create_partitions_request));
    add(sample(bin::delete_partitions_request{s, t, 1}, bin::decode_delete_partitions_request));
    add(sample(bin::delete_segments_request{s, t, 0, 1}, bin::decode_delete_segments_request));
    add(sample(bin::get_consumer_group_request{s, t, g}, bin::decode_get_consumer_group_request));
    add(sample(bin::get_consumer_groups_request{s, t}, bin::decode_get_consumer_groups_request));
    add(sample(bin::create_consumer_group_request{s, t, "workers"}, bin::decode_create_consumer_group_request));
    add(sample(bin::delete_consumer_group_request{s, t, g}, bin::decode_delete_consumer_group_request));
    add(sample(bin::join_consumer_group_request{s, t, g}, bin::decode_join_consumer_group_request));
    add(sample(bin::leave_consumer_group_request{s, t, g}, bin::decode_leave_consumer_group_request));

    // send_messages has no operator== (its messages are a view): compare by hand.
    const bytes blob = one_message();
    request_case send;
    send.payload = bin::encode_send_messages(s, t, bin::partitioning::balanced(), blob, 1);
    send.decode = [blob](bytes& payload) -> whippet::result<size_t, bin::status> {
      auto d = bin::decode_send_messages_request(payload);
      if (!d) return whippet::fail(d.error());
      EXPECT_EQ(d->request.messages_count, 1u);
      EXPECT_EQ(bytes(d->request.messages.begin(), d->request.messages.end()), blob);
      return d->trailing_bytes;
    };
    m.emplace(bin::command_code::send_messages, std::move(send));
    return m;
  }();
  return cases;
}

std::string name_of(bin::command_code code) {
  return std::string(bin::command_name(static_cast<uint32_t>(code)).value_or("?"));
}

TEST(request_payload, every_command_has_a_sample) {
  size_t commands = 0;
  for (uint32_t code = 0; code < 1000; ++code) {
    if (!bin::command_name(code)) continue;
    ++commands;
    EXPECT_TRUE(every_request().contains(static_cast<bin::command_code>(code)))
        << "no sample for command " << code << " (" << *bin::command_name(code) << ")";
  }
  EXPECT_EQ(every_request().size(), commands);
}

TEST(request_payload, the_sample_decodes_with_nothing_left_over) {
  for (const auto& [code, c] : every_request()) {
    bytes payload = c.payload;
    auto r = c.decode(payload);
    ASSERT_TRUE(r.ok()) << name_of(code) << ": " << bin::status_name(static_cast<uint32_t>(r.error()));
    EXPECT_EQ(*r, 0u) << name_of(code);
  }
}

TEST(request_payload, bytes_after_the_fields_are_ignored_and_counted) {
  for (const auto& [code, c] : every_request()) {
    if (code == bin::command_code::send_messages) continue;  // below
    for (const bytes& extra : {bytes{0x00}, le32(42), bytes(300, 0xee)}) {
      bytes payload = cat({c.payload, extra});
      auto r = c.decode(payload);
      ASSERT_TRUE(r.ok()) << name_of(code) << " with " << extra.size() << " trailing byte(s): "
                          << bin::status_name(static_cast<uint32_t>(r.error()));
      EXPECT_EQ(*r, extra.size()) << name_of(code);
    }
  }
}

TEST(request_payload, send_messages_must_end_with_its_last_message) {
  const auto& c = every_request().at(bin::command_code::send_messages);
  bytes payload = cat({c.payload, le32(42)});
  auto r = c.decode(payload);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), bin::status::invalid_format);
}

TEST(request_payload, a_payload_cut_short_is_invalid_command) {
  for (const auto& [code, c] : every_request()) {
    // send_messages: its messages are checked against the index instead
    // (send_messages_test.cc); cut it inside its fields only.
    const size_t fields = code == bin::command_code::send_messages ? c.payload.size() - one_message().size()
                                                                   : c.payload.size();
    for (size_t n = 0; n < fields; ++n) {
      bytes prefix(c.payload.begin(), c.payload.begin() + static_cast<std::ptrdiff_t>(n));
      auto r = c.decode(prefix);
      ASSERT_FALSE(r.ok()) << name_of(code) << ": a " << n << "-byte prefix decoded";
      EXPECT_EQ(r.error(), bin::status::invalid_command)
          << name_of(code) << ", " << n << " of " << c.payload.size()
          << " bytes: " << bin::status_name(static_cast<uint32_t>(r.error()));
    }
  }
}

}  // namespace
