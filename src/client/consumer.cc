#include "client/consumer.h"

#include "client/quick.h"

#include <thread>

namespace whippet::client {
using clock_type = std::chrono::steady_clock;

result<std::unique_ptr<consumer>, error> consumer::create(const std::string& address, const credentials& who,
                                                          consumer_config config, client_options options) {
  auto c = open(address, who, options);
  if (!c) return fail(c.error());
  auto topic = c->get_topic(config.stream, config.topic);
  if (!topic) return fail(topic.error());
  if (!*topic)
    return fail(error{errc::server_error, 2010, "topic " + config.topic.to_string() + " not found"});
  const uint32_t partitions = (*topic)->topic.partitions_count;
  const bool group = config.consumer.kind == bin::consumer::kind_t::consumer_group;
  if (group) {
    if (auto r = c->join_consumer_group(config.stream, config.topic, config.consumer.id); !r) return fail(r.error());
  }
  std::unique_ptr<consumer> out(new consumer(std::move(*c), std::move(config), partitions));
  out->joined_ = group;
  return out;
}

consumer::consumer(client c, consumer_config config, uint32_t partitions)
    : client_(std::move(c)), config_(std::move(config)), partitions_(std::max(1u, partitions)) {}

consumer::~consumer() {
  if (joined_) (void)client_.leave_consumer_group(config_.stream, config_.topic, config_.consumer.id);
}

result<std::vector<message>, error> consumer::poll() {
  const bool group = config_.consumer.kind == bin::consumer::kind_t::consumer_group;
  std::optional<uint32_t> partition;
  if (!group) partition = config_.partition ? *config_.partition : next_partition_++ % partitions_;
  // First poll of a partition: the configured strategy. Then: right after the last message.
  bin::polling_strategy strategy = config_.strategy;
  if (partition) {
    if (auto it = resume_.find(*partition); it != resume_.end()) strategy = bin::polling_strategy::offset(it->second);
  } else if (!resume_.empty() && config_.strategy.kind != bin::polling_strategy::kind_t::next) {
    strategy = bin::polling_strategy::next();  // groups continue from their stored offsets
  }
  auto p = client_.poll_messages(config_.consumer, config_.stream, config_.topic, partition, strategy,
                                 config_.batch_size, config_.auto_commit);
  if (!p) return fail(p.error());
  std::vector<message> out;
  std::span<const uint8_t> bytes(p->payload);
  if (!decode_messages(bytes.subspan(bin::polled_messages_header_size), p->header.messages_count,
                       p->header.partition_id, out))
    return fail(error{errc::protocol_error, 0, "malformed or corrupt messages in a poll reply"});
  if (!out.empty()) resume_[p->header.partition_id] = out.back().offset + 1;
  else if (partition && !resume_.count(*partition) && config_.strategy.kind == bin::polling_strategy::kind_t::last)
    resume_[*partition] = p->header.current_offset + 1;  // nothing new yet: wait for what comes next
  return out;
}

result<std::optional<message>, error> consumer::next(std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  while (buffered_.empty()) {
    auto batch = poll();
    if (!batch) return fail(batch.error());
    for (auto& m : *batch) buffered_.push_back(std::move(m));
    if (!buffered_.empty()) break;
    if (clock_type::now() >= deadline) return std::optional<message>();
    std::this_thread::sleep_for(std::min<clock_type::duration>(config_.poll_interval, deadline - clock_type::now()));
  }
  message m = std::move(buffered_.front());
  buffered_.pop_front();
  last_delivered_ = {m.partition_id, m.offset};
  return std::optional<message>(std::move(m));
}

result<void, error> consumer::run(const std::function<bool(const message&)>& handle,
                                  std::chrono::milliseconds duration) {
  const auto deadline = clock_type::now() + duration;
  while (clock_type::now() < deadline) {
    auto m = next(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now()));
    if (!m) return fail(m.error());
    if (!*m) continue;
    if (!handle(**m)) break;
  }
  return {};
}

result<void, error> consumer::commit() {
  if (!last_delivered_) return {};
  return client_.store_consumer_offset(config_.consumer, config_.stream, config_.topic, last_delivered_->first,
                                       last_delivered_->second);
}

}  // namespace whippet::client
