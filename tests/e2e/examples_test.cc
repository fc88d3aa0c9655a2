// The SDK examples build and run against a real server.

#include <gtest/gtest.h>

#include "support/child_process.h"
#include "support/server_process.h"

using namespace whippet::testkit;
using namespace std::chrono_literals;

TEST(examples, producer_consumer_and_consumer_group_run) {
  server_process server;
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  const std::string dir = WHIPPET_EXAMPLES_DIR;
  auto produced = run_command(dir + "/example_producer", {{server.address()}, {}, {}}, 120s);
  ASSERT_EQ(produced.exit_code, 0) << produced.output;
  EXPECT_NE(produced.output.find("sent 10000 messages"), std::string::npos) << produced.output;

  auto consumed = run_command(dir + "/example_consumer", {{server.address()}, {}, {}}, 120s);
  ASSERT_EQ(consumed.exit_code, 0) << consumed.output;
  EXPECT_NE(consumed.output.find("read 10000 messages"), std::string::npos) << consumed.output;

  auto group = run_command(dir + "/example_consumer_group", {{server.address()}, {}, {}}, 120s);
  ASSERT_EQ(group.exit_code, 0) << group.output;
  EXPECT_NE(group.output.find("group billing handled 10000 messages"), std::string::npos) << group.output;
  // Both members got a share.
  EXPECT_EQ(group.output.find("member 1 0,"), std::string::npos) << group.output;
  EXPECT_EQ(group.output.find("member 2 0\n"), std::string::npos) << group.output;
}
