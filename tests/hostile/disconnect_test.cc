// A client that goes away at any moment (mid-request, mid-reply,
// mid-sendfile, with FIN or with RST) costs only its own connection.

#include <gtest/gtest.h>

#include "hostile.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace whippet::testkit::hostile;
using namespace std::chrono_literals;

namespace {

constexpr uint32_t k_messages = 50'000;

// A stream with one topic of one partition holding k_messages of 1 KiB.
struct loaded_server {
  server_process server;
  uint32_t stream = 0, topic = 0;

  loaded_server() {
    api c(server.address());
    EXPECT_EQ(c.login(), 0u);
    stream = c.create_stream("big");
    topic = c.create_topic(stream, "t", 1);
    const std::string payload(1024, 'p');
    for (uint32_t sent = 0; sent < k_messages; sent += 1000) {
      EXPECT_EQ(c.send(stream, topic, bin::partitioning::to_partition(0), std::vector<std::string>(1000, payload)), 0u);
    }
  }

  byte_vec poll_frame(uint32_t count) const {
    const auto payload = bin::encode(bin::poll_messages_request{consumer_id(1), num(stream), num(topic), 0,
                                                                bin::polling_strategy::first(), count, false});
    return bin::encode_request(static_cast<uint32_t>(bin::command_code::poll_messages), payload);
  }
};

}  // namespace

TEST(disconnect, large_poll_closed_without_reading_with_fin_and_with_rst) {
  loaded_server s;
  ASSERT_FALSE(s.server.address().empty());
  const auto poll = s.poll_frame(k_messages);
  for (const bool reset : {false, true}) {
    for (int round = 0; round < 20; ++round) {
      raw_socket c(s.server.address());
      ASSERT_TRUE(c.connected());
      ASSERT_TRUE(raw_login(c));
      ASSERT_TRUE(c.send(poll));
      // Half the rounds wait for the reply to begin, so that the close lands
      // in the middle of sendfile; the other half close at once.
      if (round % 2 == 0) {
        ASSERT_TRUE(c.recv_exact(8, 10s).has_value());
      }
      c.close(reset);
      ASSERT_TRUE(ping_ok(s.server.address())) << (reset ? "RST" : "FIN") << " round " << round << "\n"
                                               << s.server.process().output();
    }
  }
  ASSERT_TRUE(s.server.process().running());
  // And the data is served whole to a client that does read.
  api c(s.server.address());
  ASSERT_EQ(c.login(), 0u);
  auto r = c.poll(consumer_id(2), s.stream, s.topic, 0, bin::polling_strategy::first(), 1000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->offsets.size(), 1000u);
  EXPECT_EQ(s.server.stop(), 0) << s.server.process().output();
}

TEST(disconnect, close_mid_request_and_mid_header_at_every_byte) {
  loaded_server s;
  const auto poll = s.poll_frame(10);
  for (size_t cut = 1; cut < poll.size(); ++cut) {
    raw_socket c(s.server.address());
    ASSERT_TRUE(raw_login(c));
    ASSERT_TRUE(c.send(std::span(poll.data(), cut)));
    c.close(cut % 2 == 0);
  }
  EXPECT_TRUE(ping_ok(s.server.address()));
  EXPECT_EQ(s.server.stop(), 0) << s.server.process().output();
}
