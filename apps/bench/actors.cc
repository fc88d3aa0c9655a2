// The actors of whippet-bench: each is a thread with its own connection.

#include <algorithm>
#include <atomic>
#include <functional>
#include <latch>
#include <map>
#include <cmath>
#include <random>
#include <thread>

#include "bench.h"
#include "bytes/endian.h"
#include "client/client.h"
#include "model/message_layout.h"
#include "protocol/binary/requests/create_consumer_group.h"
#include "protocol/binary/requests/join_consumer_group.h"
#include "client/message.h"

namespace whippet::bench {
namespace bin = protocol::binary;
using clock_type = std::chrono::steady_clock;

std::string to_string(kind k) {
  switch (k) {
    case kind::pinned_producer: return "pinned-producer";
    case kind::pinned_consumer: return "pinned-consumer";
    case kind::pinned_producer_and_consumer: return "pinned-producer-and-consumer";
    case kind::balanced_producer: return "balanced-producer";
    case kind::balanced_consumer_group: return "balanced-consumer-group";
    case kind::end_to_end_producing_consumer: return "end-to-end-producing-consumer";
  }
  return "?";
}

latency_summary summarize(const std::vector<sample>& samples) {
  latency_summary s;
  if (samples.empty()) return s;
  std::vector<double> v;
  v.reserve(samples.size());
  for (const auto& x : samples) v.push_back(x.latency_us);
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<size_t>(std::ceil(q * v.size())) - (q > 0 ? 1 : 0))]; };
  double sum = 0;
  for (double x : v) sum += x;
  s.avg = sum / v.size();
  double sq = 0;
  for (double x : v) sq += (x - s.avg) * (x - s.avg);
  s.stddev = std::sqrt(sq / v.size());
  s.min = v.front();
  s.max = v.back();
  s.p50 = at(0.50);
  s.p90 = at(0.90);
  s.p95 = at(0.95);
  s.p99 = at(0.99);
  s.p999 = at(0.999);
  s.p9999 = at(0.9999);
  return s;
}

namespace {

struct plan {
  std::vector<uint32_t> streams;  // stream ids in use
  uint32_t partitions = 1;
  uint64_t batches = 0;           // per actor
};

// A batch of messages, sizes in [min, max], ids 0 (the server assigns them).
std::vector<uint8_t> make_batch(const options& o, std::mt19937& rng, uint64_t& message_bytes) {
  std::vector<uint8_t> out;
  message_bytes = 0;
  std::uniform_int_distribution<uint32_t> size(o.message_size_min, o.message_size_max);
  for (uint32_t i = 0; i < o.messages_per_batch; ++i) {
    const uint32_t n = size(rng);
    const size_t at = out.size();
    out.resize(at + model::message_header_size + n, static_cast<uint8_t>('a' + i % 26));
    std::fill(out.begin() + static_cast<ptrdiff_t>(at), out.begin() + static_cast<ptrdiff_t>(at + model::message_header_size), 0);
    bytes::store_le<uint32_t>(out.data() + at + model::header_field::payload_length, n);
    message_bytes += model::message_header_size + n;
  }
  return out;
}

result<client::client, std::string> connect(const options& o) {
  auto c = client::client::connect(o.address);
  if (!c) return fail(c.error().message);
  if (auto l = c->login_user(o.username, o.password); !l) return fail("login: " + l.error().message);
  return std::move(*c);
}

// Paces all actors together to o.rate_limit_bytes per second.
void pace(const options& o, unsigned actors, uint64_t sent_bytes, clock_type::time_point start) {
  if (o.rate_limit_bytes == 0) return;
  const double per_actor = static_cast<double>(o.rate_limit_bytes) / actors;
  const auto due = start + std::chrono::duration<double>(sent_bytes / per_actor);
  std::this_thread::sleep_until(std::chrono::time_point_cast<clock_type::duration>(due));
}

actor_result produce(const options& o, unsigned id, unsigned actors, uint32_t stream, bool balanced, uint64_t batches,
                     bool record) {
  actor_result r;
  r.role = "producer";
  r.id = id;
  auto c = connect(o);
  if (!c) {
    r.error = c.error();
    return r;
  }
  std::mt19937 rng(id * 7919u + 1);
  uint64_t batch_bytes = 0;
  const auto batch = make_batch(o, rng, batch_bytes);
  const auto partitioning = balanced ? bin::partitioning::balanced() : bin::partitioning::to_partition(0);
  const auto s = bin::identifier::numeric(stream), t = bin::identifier::numeric(0);
  if (record && o.warmup.count() > 0) {
    const auto until = clock_type::now() + o.warmup;
    while (clock_type::now() < until) (void)c->send_messages(s, t, partitioning, batch, o.messages_per_batch);
  }
  const auto start = clock_type::now();
  for (uint64_t b = 0; b < batches; ++b) {
    pace(o, actors, r.bytes, start);
    const auto t0 = clock_type::now();
    auto sent = c->send_messages(s, t, partitioning, batch, o.messages_per_batch);
    const auto t1 = clock_type::now();
    if (!sent) {
      ++r.errors;
      r.error = sent.error().message;
      break;
    }
    r.bytes += batch_bytes;
    r.messages += o.messages_per_batch;
    if (record)
      r.samples.push_back({std::chrono::duration<double>(t1 - start).count(),
                           std::chrono::duration<double, std::micro>(t1 - t0).count(), batch_bytes,
                           o.messages_per_batch});
  }
  r.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  return r;
}

// Polls until `expected` messages have arrived (bounded by a deadline).
actor_result consume(const options& o, unsigned id, uint32_t stream, std::optional<uint32_t> group,
                     uint64_t expected, std::atomic<uint64_t>* shared = nullptr, std::latch* joined = nullptr) {
  actor_result r;
  r.role = "consumer";
  r.id = id;
  auto c = connect(o);
  if (!c) {
    r.error = c.error();
    return r;
  }
  const auto s = bin::identifier::numeric(stream), t = bin::identifier::numeric(0);
  bin::consumer who = bin::consumer::single(bin::identifier::numeric(id));
  if (group) {
    who = bin::consumer::group(bin::identifier::numeric(*group));
    auto j = c->send_raw(static_cast<uint32_t>(bin::command_code::join_consumer_group),
                         encode(bin::join_consumer_group_request{s, t, bin::identifier::numeric(*group)}));
    if (!j) {
      r.error = "join: " + j.error().message;
      if (joined) joined->count_down();
      return r;
    }
  }
  // Members start polling together, once the group's assignment is final.
  if (joined) joined->arrive_and_wait();
  std::map<uint32_t, uint64_t> next_offset;  // per partition, for the gap check
  uint64_t offset = 0;
  const auto start = clock_type::now();
  const auto deadline = start + std::chrono::minutes(5);
  const auto done = [&] { return (shared ? shared->load() : r.messages) >= expected; };
  while (!done() && clock_type::now() < deadline) {
    const auto strategy = group ? bin::polling_strategy::next() : bin::polling_strategy::offset(offset);
    const auto t0 = clock_type::now();
    auto p = c->poll_messages(who, s, t, group ? std::nullopt : std::optional<uint32_t>(0), strategy,
                              o.messages_per_batch, group.has_value());
    const auto t1 = clock_type::now();
    if (!p) {
      ++r.errors;
      r.error = p.error().message;
      break;
    }
    if (p->header.messages_count == 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));  // caught up with the producers
      continue;
    }
    // Every message's structure and checksum are checked, as an application
    // would (in place: a consumer that lets each message go needs no copy).
    const uint64_t batch_bytes = p->payload.size() - bin::polled_messages_header_size;
    uint64_t& expect = next_offset[p->header.partition_id];
    if (!client::for_each_message(std::span<const uint8_t>(p->payload).subspan(bin::polled_messages_header_size),
                                  p->header.messages_count, p->header.partition_id,
                                  [&](const client::message_ref& m) {
                                    if (m.offset != expect) ++r.gaps;
                                    expect = m.offset + 1;
                                  })) {
      ++r.errors;
      r.error = "corrupt messages in a poll reply";
      break;
    }
    offset = expect;
    r.messages += p->header.messages_count;
    if (shared) shared->fetch_add(p->header.messages_count);
    r.bytes += batch_bytes;
    r.samples.push_back({std::chrono::duration<double>(t1 - start).count(),
                         std::chrono::duration<double, std::micro>(t1 - t0).count(), batch_bytes,
                         p->header.messages_count});
  }
  r.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  if (!done() && r.error.empty()) r.error = "timed out before all messages arrived";
  return r;
}

actor_result end_to_end(const options& o, unsigned id, uint32_t stream, uint64_t batches) {
  actor_result r;
  r.role = "producing-consumer";
  r.id = id;
  auto c = connect(o);
  if (!c) {
    r.error = c.error();
    return r;
  }
  std::mt19937 rng(id + 11);
  uint64_t batch_bytes = 0;
  const auto batch = make_batch(o, rng, batch_bytes);
  const auto s = bin::identifier::numeric(stream), t = bin::identifier::numeric(0);
  const auto who = bin::consumer::single(bin::identifier::numeric(id));
  const auto start = clock_type::now();
  uint64_t offset = 0;
  for (uint64_t b = 0; b < batches; ++b) {
    const auto t0 = clock_type::now();
    auto sent = c->send_messages(s, t, bin::partitioning::to_partition(0), batch, o.messages_per_batch);
    uint32_t got = 0;
    while (sent && got < o.messages_per_batch) {
      auto p = c->poll_messages(who, s, t, 0, bin::polling_strategy::offset(offset + got), o.messages_per_batch - got,
                                false);
      if (!p) {
        r.error = p.error().message;
        break;
      }
      got += p->header.messages_count;
    }
    const auto t1 = clock_type::now();
    if (!sent || got < o.messages_per_batch) {
      ++r.errors;
      if (!sent) r.error = sent.error().message;
      break;
    }
    offset += got;
    r.messages += got;
    r.bytes += batch_bytes;
    r.samples.push_back({std::chrono::duration<double>(t1 - start).count(),
                         std::chrono::duration<double, std::micro>(t1 - t0).count(), batch_bytes, got});
  }
  r.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  return r;
}

// Creates "<prefix>-<n>" streams with one topic each (or finds them, with
// existing_streams); returns their ids.
result<plan, std::string> prepare(const options& o) {
  auto c = connect(o);
  if (!c) return fail(c.error());
  const bool pinned = o.bench_kind == kind::pinned_producer || o.bench_kind == kind::pinned_consumer ||
                      o.bench_kind == kind::pinned_producer_and_consumer ||
                      o.bench_kind == kind::end_to_end_producing_consumer;
  const unsigned actors = std::max(o.producers, o.consumers);
  plan p;
  const unsigned streams = o.streams ? o.streams : (pinned ? actors : 1);
  p.partitions = o.partitions ? o.partitions : (pinned ? 1 : std::max(1u, actors));
  const uint64_t batch_bytes = uint64_t{o.messages_per_batch} * (model::message_header_size +
                                                                 (o.message_size_min + o.message_size_max) / 2);
  p.batches = o.total_bytes ? std::max<uint64_t>(1, o.total_bytes / batch_bytes / std::max(1u, o.producers)) : o.batches;
  for (unsigned i = 0; i < streams; ++i) {
    const std::string name = o.stream_prefix + "-" + std::to_string(i + 1);
    if (o.existing_streams) {
      auto s = c->get_stream(bin::identifier::named(name));
      if (!s) return fail("stream " + name + ": " + s.error().message);
      if (!*s) return fail("stream " + name + " does not exist");
      p.streams.push_back((*s)->stream.id);
      continue;
    }
    (void)c->delete_stream(bin::identifier::named(name));
    auto s = c->create_stream(name);
    if (!s) return fail("create stream " + name + ": " + s.error().message);
    auto t = c->create_topic(bin::identifier::numeric(s->id), "bench", p.partitions, UINT64_MAX, UINT64_MAX);
    if (!t) return fail("create topic: " + t.error().message);
    p.streams.push_back(s->id);
  }
  if (o.bench_kind == kind::balanced_consumer_group) {
    auto g = c->send_raw(static_cast<uint32_t>(bin::command_code::create_consumer_group),
                         encode(bin::create_consumer_group_request{bin::identifier::numeric(p.streams[0]),
                                                                   bin::identifier::numeric(0), "bench-group"}));
    if (!g) return fail("create consumer group: " + g.error().message);
  }
  return p;
}

}  // namespace

std::vector<actor_result> run(const options& o) {
  auto p = prepare(o);
  if (!p) {
    actor_result failed;
    failed.role = "setup";
    failed.error = p.error();
    return {failed};
  }
  const auto stream_of = [&](unsigned i) { return p->streams[i % p->streams.size()]; };
  std::vector<actor_result> results;
  const auto run_all = [&](std::vector<std::function<actor_result()>> work) {
    std::vector<actor_result> out(work.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < work.size(); ++i) threads.emplace_back([&, i] { out[i] = work[i](); });
    for (auto& t : threads) t.join();
    results.insert(results.end(), out.begin(), out.end());
  };
  const uint64_t per_stream_messages = p->batches * o.messages_per_batch;

  switch (o.bench_kind) {
    case kind::pinned_producer: {
      std::vector<std::function<actor_result()>> work;
      for (unsigned i = 0; i < o.producers; ++i)
        work.push_back([&, i] { return produce(o, i + 1, o.producers, stream_of(i), false, p->batches, true); });
      run_all(std::move(work));
      break;
    }
    case kind::pinned_consumer: {
      // The data to read is written first, untimed (unless it is there already).
      std::vector<std::thread> seeders;
      for (unsigned i = 0; i < (o.existing_streams ? 0 : o.consumers); ++i)
        seeders.emplace_back([&, i] { (void)produce(o, i + 1, o.consumers, stream_of(i), false, p->batches, false); });
      for (auto& t : seeders) t.join();
      std::vector<std::function<actor_result()>> work;
      for (unsigned i = 0; i < o.consumers; ++i)
        work.push_back([&, i] { return consume(o, i + 1, stream_of(i), std::nullopt, per_stream_messages); });
      run_all(std::move(work));
      break;
    }
    case kind::pinned_producer_and_consumer: {
      std::vector<std::function<actor_result()>> work;
      for (unsigned i = 0; i < o.producers; ++i)
        work.push_back([&, i] { return produce(o, i + 1, o.producers, stream_of(i), false, p->batches, true); });
      for (unsigned i = 0; i < o.consumers; ++i)
        work.push_back([&, i] { return consume(o, i + 1, stream_of(i), std::nullopt, per_stream_messages); });
      run_all(std::move(work));
      break;
    }
    case kind::balanced_producer: {
      std::vector<std::function<actor_result()>> work;
      for (unsigned i = 0; i < o.producers; ++i)
        work.push_back([&, i] { return produce(o, i + 1, o.producers, p->streams[0], true, p->batches, true); });
      run_all(std::move(work));
      break;
    }
    case kind::balanced_consumer_group: {
      std::vector<std::thread> seeders;
      for (unsigned i = 0; i < o.producers; ++i)
        seeders.emplace_back([&, i] { (void)produce(o, i + 1, o.producers, p->streams[0], true, p->batches, false); });
      for (auto& t : seeders) t.join();
      // The members share one target: everything the producers wrote.
      const uint64_t total = per_stream_messages * o.producers;
      std::atomic<uint64_t> consumed{0};
      std::latch joined(o.consumers);
      std::vector<std::function<actor_result()>> work;
      for (unsigned i = 0; i < o.consumers; ++i)
        work.push_back([&, i] { return consume(o, i + 1, p->streams[0], 0u, total, &consumed, &joined); });
      run_all(std::move(work));
      break;
    }
    case kind::end_to_end_producing_consumer: {
      std::vector<std::function<actor_result()>> work;
      for (unsigned i = 0; i < o.producers; ++i)
        work.push_back([&, i] { return end_to_end(o, i + 1, stream_of(i), p->batches); });
      run_all(std::move(work));
      break;
    }
  }

  if (!o.keep_streams && !o.existing_streams) {
    if (auto c = connect(o)) {
      for (uint32_t s : p->streams) (void)c->delete_stream(bin::identifier::numeric(s));
    }
  }
  return results;
}

}  // namespace whippet::bench
