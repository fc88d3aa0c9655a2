#pragma once
// whippet-bench: load generators ("actors") over the native protocol, and the
// figures they report. Mirrors iggy-bench's kinds and options.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace whippet::bench {

enum class kind {
  pinned_producer,               // producer i -> stream i, partition 0
  pinned_consumer,               // consumer i <- stream i, partition 0
  pinned_producer_and_consumer,  // both at once
  balanced_producer,             // producers spread over the partitions of one stream's topic
  balanced_consumer_group,       // consumers in one group share those partitions
  end_to_end_producing_consumer, // each actor sends a batch, then polls it back
};

std::string to_string(kind k);

struct options {
  kind bench_kind = kind::pinned_producer;
  std::string address = "127.0.0.1:8090";
  std::string username = "iggy";
  std::string password = "iggy";
  unsigned producers = 1;
  unsigned consumers = 1;
  unsigned streams = 0;     // 0: one per actor (pinned) or 1 (balanced)
  unsigned partitions = 0;  // 0: 1 (pinned) or the number of actors (balanced)
  uint32_t message_size_min = 1000;
  uint32_t message_size_max = 1000;
  uint32_t messages_per_batch = 1000;
  uint64_t batches = 1000;         // per actor
  uint64_t total_bytes = 0;        // if set, overrides batches
  uint64_t rate_limit_bytes = 0;   // per second, all actors together; 0 = none
  std::chrono::milliseconds warmup{0};
  std::chrono::milliseconds sampling{10};
  uint32_t first_stream_id = 3000000;
  std::string stream_prefix = "bench";  // stream names are "<prefix>-<n>"
  // Use the streams "<prefix>-<n>" as they are (from an earlier run with
  // keep_streams): nothing is created, written first or deleted.
  bool existing_streams = false;
  bool keep_streams = false;
};

// One batch's outcome.
struct sample {
  double at_s = 0;        // seconds since the actor's start
  double latency_us = 0;  // request round trip
  uint64_t bytes = 0;     // message bytes (header + payload)
  uint32_t messages = 0;
};

struct actor_result {
  std::string role;  // "producer" or "consumer"
  unsigned id = 0;
  std::vector<sample> samples;
  double seconds = 0;
  uint64_t messages = 0;
  uint64_t bytes = 0;
  uint64_t errors = 0;
  uint64_t gaps = 0;  // consumers: offsets missing or out of order
  std::string error;
};

struct latency_summary {
  double avg = 0, p50 = 0, p90 = 0, p95 = 0, p99 = 0, p999 = 0, p9999 = 0, min = 0, max = 0, stddev = 0;
};

latency_summary summarize(const std::vector<sample>& samples);

// Runs the benchmark; results per actor, in order: producers then consumers.
std::vector<actor_result> run(const options& o);

std::string json_report(const options& o, const std::vector<actor_result>& results);
std::string html_report(const options& o, const std::vector<actor_result>& results);
std::string text_report(const options& o, const std::vector<actor_result>& results);

}  // namespace whippet::bench
