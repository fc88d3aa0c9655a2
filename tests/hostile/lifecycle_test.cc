// Deleting anything while it is in use is safe, and a new object never
// inherits anything from a deleted one with the same name and number.

#include <gtest/gtest.h>

#include <atomic>

#include "hostile.h"
#include "protocol/binary/requests/delete_stream.h"
#include "protocol/binary/requests/flush_unsaved_buffer.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace whippet::testkit::hostile;
using namespace std::chrono_literals;

namespace {

uint32_t send_named(api& c, const std::string& payload) {
  batch_builder b;
  for (int i = 0; i < 20; ++i) b.add(payload);
  const auto body = bin::encode_send_messages(named("s"), named("t"), bin::partitioning::balanced(), b.bytes(), b.count());
  auto r = c.raw(bin::command_code::send_messages, body);
  return r.ok() ? 0 : (r.error().status ? r.error().status : 1);
}

bin::create_topic_request topic_t(uint32_t partitions) {
  bin::create_topic_request req;
  req.stream = named("s");
  req.partitions_count = partitions;
  req.name = "t";
  return req;
}

}  // namespace

// Producers under enforce_fsync, consumers and flushes race a loop that
// deletes and recreates the topic and its stream. Under AddressSanitizer
// (the suite's build) a use-after-free is a report and a crash.
TEST(lifecycle, delete_and_recreate_while_sends_polls_and_flushes_are_in_flight) {
  server_process server(env_map{{"WHIPPET_SYSTEM_PARTITION_ENFORCE_FSYNC", "true"}});
  ASSERT_FALSE(server.address().empty());
  api admin(server.address());
  ASSERT_EQ(admin.login(), 0u);
  ASSERT_NE(admin.create_stream("s"), UINT32_MAX);
  ASSERT_EQ(admin.status_of(topic_t(3)), 0u);

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> sent{0}, polled{0}, flushed{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      api c(server.address());
      if (c.login() != 0) return;
      const std::string payload(200, static_cast<char>('a' + w));
      while (!stop) {
        if (w < 2) {
          if (send_named(c, payload) == 0) ++sent;
        } else if (w == 2) {
          bin::poll_messages_request req{consumer_id(1), named("s"), named("t"), 0, bin::polling_strategy::first(), 100, true};
          if (c.call(req).ok()) ++polled;
        } else {
          if (c.status_of(bin::flush_unsaved_buffer_request{named("s"), named("t"), 1, true}) == 0) ++flushed;
        }
      }
    });
  }
  for (int round = 0; round < 30; ++round) {
    std::this_thread::sleep_for(20ms);
    if (round % 5 == 4) {
      EXPECT_EQ(admin.status_of(bin::delete_stream_request{named("s")}), 0u);
      EXPECT_NE(admin.create_stream("s"), UINT32_MAX);
    } else {
      EXPECT_EQ(admin.status_of(bin::delete_topic_request{named("s"), named("t")}), 0u);
    }
    ASSERT_EQ(admin.status_of(topic_t(1 + round % 3)), 0u);
    // Right after the create, a send from another connection (another shard) works.
    api fresh(server.address());
    ASSERT_EQ(fresh.login(), 0u);
    EXPECT_EQ(send_named(fresh, "first"), 0u) << "round " << round;
  }
  stop = true;
  for (auto& t : workers) t.join();
  EXPECT_GT(sent.load(), 0u);
  EXPECT_TRUE(server.process().running());
  const auto log = server.process().output();
  EXPECT_EQ(log.find("AddressSanitizer"), std::string::npos) << log;
  EXPECT_EQ(log.find("runtime error"), std::string::npos) << log;
  EXPECT_EQ(server.stop(), 0) << log;
}
