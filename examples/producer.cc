// Producer example: creates stream "example" with topic "orders" (3
// partitions) if needed, then sends 10 000 messages through the batching
// producer, keyed by customer so each customer's orders stay in order.

#include <string>

#include "client/quick.h"
#include "common.h"

using namespace whippet::client;

int main(int argc, char** argv) {
  const auto args = parse_args(argc, argv);
  auto admin = open(args.address, args.who);
  if (!check(admin, "connect")) return 1;
  if (!admin->get_stream(identifier::named("example")).value_or(std::nullopt)) {
    if (!check(admin->create_stream("example"), "create_stream")) return 1;
    if (!check(admin->create_topic(identifier::named("example"), "orders", 3), "create_topic")) return 1;
  }

  for (int customer = 0; customer < 10; ++customer) {
    producer_config config;
    config.stream = identifier::named("example");
    config.topic = identifier::named("orders");
    const std::string key = "customer-" + std::to_string(customer);
    config.partitioning = bin::partitioning::by_key(std::vector<uint8_t>(key.begin(), key.end()));
    config.linger = std::chrono::milliseconds(2);
    auto p = producer::create(args.address, args.who, config);
    if (!check(p, "producer")) return 1;
    for (int i = 0; i < 1000; ++i) {
      if (!check((*p)->send(key + " order " + std::to_string(i)), "send")) return 1;
    }
    if (!check((*p)->close(), "close")) return 1;
  }
  std::printf("sent 10000 messages to example/orders\n");
  return 0;
}
