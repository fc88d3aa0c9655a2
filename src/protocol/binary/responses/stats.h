#pragma once
// The reply to get_stats, in its 0.8 layout.
//
//   stats = process_id:u32 cpu_usage:f32 total_cpu_usage:f32 memory_usage:u64 total_memory:u64
//           available_memory:u64 run_time:u64 start_time:u64 read_bytes:u64 written_bytes:u64
//           messages_size_bytes:u64 streams_count:u32 topics_count:u32 partitions_count:u32
//           segments_count:u32 messages_count:u64 clients_count:u32 consumer_groups_count:u32   ; 108 bytes
//           hostname os_name os_version kernel_version iggy_server_version                    ; each len:u32 utf8
//           iggy_server_semver:u32                                                             ; 0 = absent
//           cache_metrics_count:u32 cache_metric × cache_metrics_count
//           threads_count:u32 free_disk_space:u64 total_disk_space:u64                         ; 0.8 only
//           [failed_partitions_count:u32 failed_partition × failed_partitions_count]          ; Whippet
//   cache_metric = stream_id:u32 topic_id:u32 partition_id:u32 hits:u64 misses:u64 hit_ratio:f32  ; 32 bytes
//   failed_partition = stream_id:u32 topic_id:u32 partition_id:u32                                ; 12 bytes
//
// The failed partitions come after everything Iggy 0.8 defines, so Iggy's
// clients, which read the layout by position, never reach them. A partition
// is failed after a write or sync error it could not undo, until its next
// append reopens it from disk. A reply without the section decodes as none.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

inline constexpr size_t stats_fixed_size = 108;
inline constexpr size_t cache_metric_size = 32;
inline constexpr size_t failed_partition_size = 12;

struct partition_address {
  uint32_t stream_id = 0;
  uint32_t topic_id = 0;
  uint32_t partition_id = 0;
  bool operator==(const partition_address&) const = default;
};

struct cache_metric {
  uint32_t stream_id = 0;
  uint32_t topic_id = 0;
  uint32_t partition_id = 0;
  uint64_t hits = 0;
  uint64_t misses = 0;
  float hit_ratio = 0;
  bool operator==(const cache_metric&) const = default;
};

struct stats_response {
  uint32_t process_id = 0;
  float cpu_usage = 0;
  float total_cpu_usage = 0;
  uint64_t memory_usage = 0;
  uint64_t total_memory = 0;
  uint64_t available_memory = 0;
  uint64_t run_time = 0;    // µs
  uint64_t start_time = 0;  // µs since the epoch
  uint64_t read_bytes = 0;
  uint64_t written_bytes = 0;
  uint64_t messages_size_bytes = 0;
  uint32_t streams_count = 0;
  uint32_t topics_count = 0;
  uint32_t partitions_count = 0;
  uint32_t segments_count = 0;
  uint64_t messages_count = 0;
  uint32_t clients_count = 0;
  uint32_t consumer_groups_count = 0;
  std::string hostname;
  std::string os_name;
  std::string os_version;
  std::string kernel_version;
  std::string iggy_server_version;
  uint32_t iggy_server_semver = 0;  // 0 = absent
  std::vector<cache_metric> cache_metrics;
  uint32_t threads_count = 0;
  uint64_t free_disk_space = 0;
  uint64_t total_disk_space = 0;
  std::vector<partition_address> failed_partitions;
  bool operator==(const stats_response&) const = default;
};

void encode(bytes::byte_writer& w, const stats_response& s);
result<stats_response, status> decode_stats_response(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
