// Consumer example: reads every partition of example/orders from the start,
// as consumer 1, with the iterator API, until 2 s pass without a message.

#include <map>

#include "client/consumer.h"
#include "common.h"

using namespace whippet::client;

int main(int argc, char** argv) {
  const auto args = parse_args(argc, argv);
  consumer_config config;
  config.stream = identifier::named("example");
  config.topic = identifier::named("orders");
  config.consumer = bin::consumer::single(identifier::numeric(1));
  config.strategy = bin::polling_strategy::first();
  config.auto_commit = false;
  auto c = consumer::create(args.address, args.who, config);
  if (!check(c, "consumer")) return 1;
  std::map<uint32_t, uint64_t> per_partition;
  uint64_t total = 0;
  for (;;) {
    auto m = (*c)->next(std::chrono::seconds(2));
    if (!check(m, "next")) return 1;
    if (!*m) break;
    ++per_partition[(*m)->partition_id];
    ++total;
  }
  std::printf("read %llu messages:", static_cast<unsigned long long>(total));
  for (const auto& [p, n] : per_partition) std::printf(" partition %u: %llu", p, static_cast<unsigned long long>(n));
  std::printf("\n");
  return 0;
}
