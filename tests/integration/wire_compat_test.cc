// Requests as Iggy's own clients send them, over a real socket: bytes after a
// request's fields are ignored (the Node.js SDK 0.8.0 pads delete_topic with
// a stale u32), logged at debug level; a payload cut short is InvalidCommand
// and the connection stays usable.

#include <chrono>

#include "api.h"
#include "bytes/endian.h"
#include "protocol/binary/frame.h"
#include "protocol/binary/requests/delete_topic.h"
#include "protocol/binary/requests/get_streams.h"
#include "support/raw_socket.h"
#include "support/server_process.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace std::chrono_literals;

namespace {

using wire = std::vector<uint8_t>;

const wire k_ok_empty{0, 0, 0, 0, 0, 0, 0, 0};

wire frame(bin::command_code code, const wire& payload) {
  return bin::encode_request(static_cast<uint32_t>(code), payload);
}

wire with_stale_u32(wire payload) {
  payload.insert(payload.end(), {0x03, 0x00, 0x00, 0x00});
  return payload;
}

class wire_compat_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(server_.address().empty()) << server_.process().output();
    c_ = std::make_unique<api>(server_.address());
    ASSERT_EQ(c_->login(), 0u);
  }

  // A raw connection, logged in as root.
  std::unique_ptr<raw_socket> logged_in_socket() {
    auto s = std::make_unique<raw_socket>(server_.address());
    EXPECT_TRUE(s->send(frame(bin::command_code::login_user, bin::encode(bin::login_user_request{"iggy", "iggy", "", ""}))));
    auto reply = s->recv_exact(12);  // OK, length 4, user id
    EXPECT_TRUE(reply && (*reply)[0] == 0);
    return s;
  }

  server_process server_{{{"WHIPPET_SYSTEM_LOGGING_LEVEL", "debug"}}};
  std::unique_ptr<api> c_;
};

}  // namespace

TEST_F(wire_compat_test, delete_topic_with_a_stale_u32_deletes_the_topic) {
  const uint32_t s = c_->create_stream("orders");
  const uint32_t t = c_->create_topic(s, "created", 2);
  const uint32_t kept = c_->create_topic(s, "kept", 1);
  ASSERT_TRUE(c_->get_topic(num(s), num(t)));

  auto sock = logged_in_socket();
  const wire payload = with_stale_u32(bin::encode(bin::delete_topic_request{num(s), named("created")}));
  ASSERT_TRUE(sock->send(frame(bin::command_code::delete_topic, payload)));
  EXPECT_EQ(sock->recv_exact(8), k_ok_empty);

  auto gone = c_->payload_of(bin::get_topic_request{num(s), num(t)});
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->empty()) << "the topic is still there";
  EXPECT_TRUE(c_->get_topic(num(s), num(kept)));
  // The server says so at debug level: the command and how many bytes it ignored.
  EXPECT_TRUE(server_.process().wait_for_output("command code 303 (delete_topic) had 4 byte(s) after its fields", 5s))
      << server_.process().output();
}

TEST_F(wire_compat_test, trailing_bytes_are_ignored_on_any_command) {
  const uint32_t s = c_->create_stream("orders");
  auto sock = logged_in_socket();
  // ping and get_streams have no fields: all of it is trailing.
  ASSERT_TRUE(sock->send(frame(bin::command_code::ping, {0xff, 0xff})));
  EXPECT_EQ(sock->recv_exact(8), k_ok_empty);
  ASSERT_TRUE(sock->send(frame(bin::command_code::get_stream, with_stale_u32(bin::encode(bin::get_stream_request{num(s)})))));
  auto header = sock->recv_exact(8);
  ASSERT_TRUE(header);
  EXPECT_EQ((*header)[0], 0u) << "status " << int((*header)[0]);
  const uint32_t length = bytes::load_le<uint32_t>(header->data() + 4);
  ASSERT_GT(length, 0u);
  ASSERT_TRUE(sock->recv_exact(length));
  // The connection is in step: the next request gets its own answer.
  ASSERT_TRUE(sock->send(frame(bin::command_code::ping, {})));
  EXPECT_EQ(sock->recv_exact(8), k_ok_empty);
}

TEST_F(wire_compat_test, a_payload_cut_short_is_invalid_command_and_the_connection_survives) {
  const uint32_t s = c_->create_stream("orders");
  c_->create_topic(s, "created", 1);
  auto sock = logged_in_socket();
  const wire invalid_command{0x03, 0, 0, 0, 0, 0, 0, 0};
  // delete_topic with only its stream identifier, then with a topic name cut short.
  const wire stream_only = bin::encode(bin::get_stream_request{num(s)});
  ASSERT_TRUE(sock->send(frame(bin::command_code::delete_topic, stream_only)));
  EXPECT_EQ(sock->recv_exact(8), invalid_command);
  wire cut = stream_only;
  cut.insert(cut.end(), {0x02, 0x07, 'c', 'r', 'e'});
  ASSERT_TRUE(sock->send(frame(bin::command_code::delete_topic, cut)));
  EXPECT_EQ(sock->recv_exact(8), invalid_command);
  // An empty create_stream: no name at all.
  ASSERT_TRUE(sock->send(frame(bin::command_code::create_stream, {})));
  EXPECT_EQ(sock->recv_exact(8), invalid_command);

  ASSERT_TRUE(sock->send(frame(bin::command_code::ping, {})));
  EXPECT_EQ(sock->recv_exact(8), k_ok_empty);
  EXPECT_TRUE(c_->get_topic(num(s), named("created"))) << "a refused request deleted the topic";
}
