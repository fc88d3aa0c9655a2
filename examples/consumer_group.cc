// Consumer-group example: two members of group "billing" share the three
// partitions of example/orders; each handles its messages with the callback
// API and the server remembers how far the group got (auto-commit).

#include <atomic>
#include <latch>
#include <thread>

#include "client/consumer.h"
#include "client/quick.h"
#include "common.h"

using namespace whippet::client;

int main(int argc, char** argv) {
  const auto args = parse_args(argc, argv);
  auto admin = open(args.address, args.who);
  if (!check(admin, "connect")) return 1;
  const auto stream = identifier::named("example"), topic = identifier::named("orders");
  if (!admin->get_consumer_group(stream, topic, identifier::named("billing")).value_or(std::nullopt)) {
    if (!check(admin->create_consumer_group(stream, topic, "billing"), "create_consumer_group")) return 1;
  }
  std::atomic<uint64_t> handled[2] = {0, 0};
  std::atomic<bool> failed{false};
  std::latch both_joined(2);
  std::thread members[2];
  for (int i = 0; i < 2; ++i) {
    members[i] = std::thread([&, i] {
      consumer_config config;
      config.stream = stream;
      config.topic = topic;
      config.consumer = bin::consumer::group(identifier::named("billing"));
      config.strategy = bin::polling_strategy::next();
      config.auto_commit = true;
      auto c = consumer::create(args.address, args.who, config);  // joins the group
      both_joined.count_down();
      if (!c) {
        failed = true;
        return;
      }
      // Start together, so that the partitions are shared from the first poll.
      both_joined.wait();
      auto r = (*c)->run([&](const message&) { return ++handled[i] < 1'000'000; }, std::chrono::seconds(3));
      if (!r) failed = true;
    });
  }
  for (auto& m : members) m.join();
  if (failed) {
    std::fprintf(stderr, "a group member failed\n");
    return 1;
  }
  std::printf("group billing handled %llu messages: member 1 %llu, member 2 %llu\n",
              static_cast<unsigned long long>(handled[0] + handled[1]), static_cast<unsigned long long>(handled[0]),
              static_cast<unsigned long long>(handled[1]));
  return 0;
}
