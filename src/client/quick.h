#pragma once
// A small synchronous facade for scripts and tools: open a logged-in
// connection, send some text, read it back.
//
//   auto c = whippet::client::open("127.0.0.1:8090", {"iggy", "iggy"}).value();
//   send_text(c, identifier::named("orders"), identifier::named("created"), {"hello", "world"});
//   for (auto& m : poll_text(c, identifier::named("orders"), identifier::named("created"), 0, 0, 100).value())
//     std::cout << m.text() << "\n";

#include <string>
#include <vector>

#include "client/client.h"
#include "client/message.h"
#include "client/producer.h"

namespace whippet::client {

result<client, error> open(const std::string& address, const credentials& who, client_options options = {});

result<void, error> send_text(client& c, const identifier& stream, const identifier& topic,
                              const std::vector<std::string>& texts,
                              const bin::partitioning& partitioning = bin::partitioning::balanced());

// Up to `count` messages of one partition from `offset`.
result<std::vector<message>, error> poll_text(client& c, const identifier& stream, const identifier& topic,
                                              uint32_t partition, uint64_t offset, uint32_t count);

}  // namespace whippet::client
