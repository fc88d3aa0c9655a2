#include "protocol/binary/responses/stats.h"

#include "protocol/binary/decode_support.h"
#include "protocol/binary/primitives.h"

namespace whippet::protocol::binary {
namespace {

result<cache_metric, status> read_cache_metric(bytes::byte_reader& r) {
  cache_metric m;
  WHIPPET_TRY_ASSIGN(m.stream_id, read_u32(r));
  WHIPPET_TRY_ASSIGN(m.topic_id, read_u32(r));
  WHIPPET_TRY_ASSIGN(m.partition_id, read_u32(r));
  WHIPPET_TRY_ASSIGN(m.hits, read_u64(r));
  WHIPPET_TRY_ASSIGN(m.misses, read_u64(r));
  WHIPPET_TRY_ASSIGN(m.hit_ratio, read_f32(r));
  return m;
}

result<void, status> read_fixed_part(bytes::byte_reader& r, stats_response& s) {
  WHIPPET_TRY_ASSIGN(s.process_id, read_u32(r));
  WHIPPET_TRY_ASSIGN(s.cpu_usage, read_f32(r));
  WHIPPET_TRY_ASSIGN(s.total_cpu_usage, read_f32(r));
  WHIPPET_TRY_ASSIGN(s.memory_usage, read_u64(r));
  WHIPPET_TRY_ASSIGN(s.total_memory, read_u64(r));
  WHIPPET_TRY_ASSIGN(s.available_memory, read_u64(r));
  WHIPPET_TRY_ASSIGN(s.run_time, read_u64(r));
  WHIPPET_TRY_ASSIGN(s.start_time, read_u64(r));
  WHIPPET_TRY_ASSIGN(s.read_bytes, read_u64(r));
  WHIPPET_TRY_ASSIGN(s.written_bytes, read_u64(r));
  WHIPPET_TRY_ASSIGN(s.messages_size_bytes, read_u64(r));
  WHIPPET_TRY_ASSIGN(s.streams_count, read_u32(r));
  WHIPPET_TRY_ASSIGN(s.topics_count, read_u32(r));
  WHIPPET_TRY_ASSIGN(s.partitions_count, read_u32(r));
  WHIPPET_TRY_ASSIGN(s.segments_count, read_u32(r));
  WHIPPET_TRY_ASSIGN(s.messages_count, read_u64(r));
  WHIPPET_TRY_ASSIGN(s.clients_count, read_u32(r));
  WHIPPET_TRY_ASSIGN(s.consumer_groups_count, read_u32(r));
  return {};
}

}  // namespace

void encode(bytes::byte_writer& w, const stats_response& s) {
  w.write<uint32_t>(s.process_id);
  w.write<float>(s.cpu_usage);
  w.write<float>(s.total_cpu_usage);
  w.write<uint64_t>(s.memory_usage);
  w.write<uint64_t>(s.total_memory);
  w.write<uint64_t>(s.available_memory);
  w.write<uint64_t>(s.run_time);
  w.write<uint64_t>(s.start_time);
  w.write<uint64_t>(s.read_bytes);
  w.write<uint64_t>(s.written_bytes);
  w.write<uint64_t>(s.messages_size_bytes);
  w.write<uint32_t>(s.streams_count);
  w.write<uint32_t>(s.topics_count);
  w.write<uint32_t>(s.partitions_count);
  w.write<uint32_t>(s.segments_count);
  w.write<uint64_t>(s.messages_count);
  w.write<uint32_t>(s.clients_count);
  w.write<uint32_t>(s.consumer_groups_count);
  for (const std::string* text : {&s.hostname, &s.os_name, &s.os_version, &s.kernel_version, &s.iggy_server_version}) {
    write_u32_string(w, *text);
  }
  w.write<uint32_t>(s.iggy_server_semver);
  w.write<uint32_t>(static_cast<uint32_t>(s.cache_metrics.size()));
  for (const auto& m : s.cache_metrics) {
    w.write<uint32_t>(m.stream_id);
    w.write<uint32_t>(m.topic_id);
    w.write<uint32_t>(m.partition_id);
    w.write<uint64_t>(m.hits);
    w.write<uint64_t>(m.misses);
    w.write<float>(m.hit_ratio);
  }
  w.write<uint32_t>(s.threads_count);
  w.write<uint64_t>(s.free_disk_space);
  w.write<uint64_t>(s.total_disk_space);
  w.write<uint32_t>(static_cast<uint32_t>(s.failed_partitions.size()));
  for (const auto& p : s.failed_partitions) {
    w.write<uint32_t>(p.stream_id);
    w.write<uint32_t>(p.topic_id);
    w.write<uint32_t>(p.partition_id);
  }
}

result<stats_response, status> decode_stats_response(std::span<const uint8_t> payload) {
  bytes::byte_reader r(payload);
  stats_response s;
  WHIPPET_TRY(read_fixed_part(r, s));
  for (std::string* text : {&s.hostname, &s.os_name, &s.os_version, &s.kernel_version, &s.iggy_server_version}) {
    WHIPPET_TRY_ASSIGN(*text, read_u32_string(r));
  }
  uint32_t metrics = 0;
  WHIPPET_TRY_ASSIGN(s.iggy_server_semver, read_u32(r));
  WHIPPET_TRY_ASSIGN(metrics, read_u32(r));
  if (metrics > r.remaining() / cache_metric_size) return fail(status::invalid_format);
  s.cache_metrics.resize(metrics);
  for (auto& m : s.cache_metrics) WHIPPET_TRY_ASSIGN(m, read_cache_metric(r));
  WHIPPET_TRY_ASSIGN(s.threads_count, read_u32(r));
  WHIPPET_TRY_ASSIGN(s.free_disk_space, read_u64(r));
  WHIPPET_TRY_ASSIGN(s.total_disk_space, read_u64(r));
  if (!r.empty()) {  // Whippet's section; Iggy's servers end before it
    uint32_t failed = 0;
    WHIPPET_TRY_ASSIGN(failed, read_u32(r));
    if (failed > r.remaining() / failed_partition_size) return fail(status::invalid_format);
    s.failed_partitions.resize(failed);
    for (auto& p : s.failed_partitions) {
      WHIPPET_TRY_ASSIGN(p.stream_id, read_u32(r));
      WHIPPET_TRY_ASSIGN(p.topic_id, read_u32(r));
      WHIPPET_TRY_ASSIGN(p.partition_id, read_u32(r));
    }
  }
  WHIPPET_TRY(expect_end(r));
  return s;
}

}  // namespace whippet::protocol::binary
