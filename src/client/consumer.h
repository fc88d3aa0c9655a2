#pragma once
// consumer: reads a topic as a stream of messages.
//
// A single consumer (consumer kind 1) reads one partition, or each partition
// in turn when none is given; a consumer-group member (kind 2) joins the
// group on create() and the server hands it partitions (it leaves on
// destruction). The first poll uses `strategy`; later polls continue after
// the last message returned. With auto_commit the server stores the offset
// of the last message of each poll. Group members continue from the
// group's stored offsets, so they need auto_commit (or commit()) to advance.
//
//   auto c = consumer::create(addr, {"iggy", "iggy"}, cfg).value();
//   while (auto m = c->next(1s).value()) handle(*m);      // iterator style
//   c->run([](const message& m) { ...; return true; }, 10s); // callback style

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "client/client.h"
#include "client/message.h"
#include "client/producer.h"

namespace whippet::client {

struct consumer_config {
  identifier stream;
  identifier topic;
  bin::consumer consumer = bin::consumer::single(identifier::numeric(1));
  std::optional<uint32_t> partition;  // single consumers: none = every partition in turn
  bin::polling_strategy strategy = bin::polling_strategy::next();
  uint32_t batch_size = 1000;
  bool auto_commit = true;
  std::chrono::milliseconds poll_interval{20};  // pause after an empty poll
};

class consumer {
 public:
  static result<std::unique_ptr<consumer>, error> create(const std::string& address, const credentials& who,
                                                         consumer_config config, client_options options = {});
  ~consumer();
  consumer(const consumer&) = delete;
  consumer& operator=(const consumer&) = delete;

  // One poll; may be empty.
  result<std::vector<message>, error> poll();
  // The next message, waiting up to `timeout` for one; nullopt when none came.
  result<std::optional<message>, error> next(std::chrono::milliseconds timeout);
  // Calls `handle` for each message until it returns false or `duration` passes.
  result<void, error> run(const std::function<bool(const message&)>& handle, std::chrono::milliseconds duration);
  // Stores the offset of the last message handed out (for auto_commit = false).
  result<void, error> commit();

 private:
  consumer(client c, consumer_config config, uint32_t partitions);

  client client_;
  consumer_config config_;
  uint32_t partitions_ = 1;
  uint32_t next_partition_ = 0;
  std::map<uint32_t, uint64_t> resume_;  // partition -> next offset, after the first poll there
  std::deque<message> buffered_;
  std::optional<std::pair<uint32_t, uint64_t>> last_delivered_;  // partition, offset
  bool joined_ = false;
};

}  // namespace whippet::client
