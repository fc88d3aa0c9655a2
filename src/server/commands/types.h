#pragma once
// Inputs and outputs of the commands, in the domain's terms: no wire type
// appears here. Figures of partitions (sizes, counts, offsets) are gathered
// from the shards that own them when the command runs.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "metadata/catalog.h"

namespace whippet::server::commands {

// A stream, topic or group named by id or by name.
using ref = metadata::ref;

struct partition_info {
  uint32_t id = 0;
  uint64_t created_at = 0;  // µs since the epoch
  uint32_t segments_count = 0;
  uint64_t current_offset = 0;  // of the last message; 0 when empty
  uint64_t size_bytes = 0;
  uint64_t messages_count = 0;
};

struct topic_info {
  uint32_t id = 0;
  uint64_t created_at = 0;
  std::string name;
  uint32_t partitions_count = 0;
  uint64_t message_expiry = 0;  // µs; 0 = server default, UINT64_MAX = never
  uint8_t compression = 0;      // 1 = none, 2 = gzip (Iggy's codes)
  uint64_t max_topic_size = 0;  // bytes; 0 = server default, UINT64_MAX = unlimited
  uint8_t replication_factor = 0;
  uint64_t size_bytes = 0;
  uint64_t messages_count = 0;
  std::vector<partition_info> partitions;  // filled where the command says so
};

struct stream_info {
  uint32_t id = 0;
  uint64_t created_at = 0;
  std::string name;
  uint32_t topics_count = 0;
  uint64_t size_bytes = 0;
  uint64_t messages_count = 0;
  std::vector<topic_info> topics;  // filled where the command says so
};

// What create_topic and update_topic set.
struct topic_settings {
  std::string name;
  uint8_t compression = 1;
  uint64_t message_expiry = 0;
  uint64_t max_topic_size = 0;
  uint8_t replication_factor = 0;
};

struct group_member {
  uint32_t client_id = 0;
  std::vector<uint32_t> partitions;  // assigned to it
};

struct group_info {
  uint32_t id = 0;
  std::string name;
  uint32_t partitions_count = 0;  // of the topic
  uint32_t members_count = 0;
  std::vector<group_member> members;  // filled where the command says so
};

// Whose offset: one consumer (by id or by name), or a consumer group.
struct consumer_ref {
  enum class kind { consumer, group };
  kind of = kind::consumer;
  ref id;
};

struct offset_info {
  uint32_t partition_id = 0;
  uint64_t current_offset = 0;  // of the partition's last message; 0 when empty
  uint64_t stored_offset = 0;
};

struct user_info {
  uint32_t id = 0;
  uint64_t created_at = 0;
  bool active = true;
  std::string username;
  std::optional<metadata::permissions> permissions;  // none: no rights (root has all regardless)
};

struct token_info {
  std::string name;
  std::optional<uint64_t> expiry_at;  // µs since the epoch; none: never
};

// A connected client, with the groups it is a member of.
struct client_view {
  uint32_t client_id = 0;
  std::optional<uint32_t> user_id;  // none: not logged in
  uint8_t transport = 1;            // Iggy's codes: 1 TCP, 2 QUIC, 3 HTTP, 4 WebSocket
  std::string address;              // "ip:port"
  struct group {
    uint32_t stream_id = 0, topic_id = 0, group_id = 0;
  };
  std::vector<group> groups;
};

struct failed_partition {
  uint32_t stream_id = 0, topic_id = 0, partition_id = 0;
};

// The server, the machine and the log, now.
struct server_stats {
  uint32_t process_id = 0;
  float cpu_usage = 0;        // this process, percent of all cores
  float total_cpu_usage = 0;  // the machine, percent
  uint64_t memory_usage = 0;  // resident bytes
  uint64_t total_memory = 0;
  uint64_t available_memory = 0;
  uint64_t run_time = 0;    // µs
  uint64_t start_time = 0;  // µs since the epoch
  uint64_t read_bytes = 0;  // of messages, polled since start
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
  uint64_t free_disk_space = 0;  // of the data directory's file system
  uint64_t total_disk_space = 0;
  uint32_t threads_count = 0;
  std::vector<failed_partition> failed_partitions;  // in id order
};

// One node of the cluster: Whippet runs as one, the leader.
struct cluster_info {
  std::string name;
  std::string node_name;
  std::string ip;
  uint16_t tcp_port = 0;
};

}  // namespace whippet::server::commands
