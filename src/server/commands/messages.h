#pragma once
// The data path (commands/command.h): send_messages, poll_messages and
// flush_unsaved_buffer. Authorized on the caller's shard; then the coroutine
// hops to the shard that owns the partition, and back.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "server/commands/command.h"
#include "storage/partition_log.h"

namespace whippet::server::commands {

// Which partition a send goes to.
struct partitioning {
  enum class kind { balanced, partition_id, messages_key };
  kind of = kind::balanced;
  uint32_t partition_id = 0;   // for partition_id
  std::vector<uint8_t> key;    // for messages_key: XXH32 of it, modulo the partitions
};

// Where a poll starts.
struct polling {
  enum class kind { offset, timestamp, first, last, next };
  kind of = kind::next;
  uint64_t value = 0;  // the offset, or the timestamp (µs)
};

struct polled {
  uint32_t partition_id = 0;
  uint64_t current_offset = 0;  // the partition's last offset; 0 when empty
  uint32_t count = 0;
  uint64_t bytes = 0;
  // The messages, in the log's layout (model/message_layout.h), as ranges of
  // segment files or of the tail cache: sent, not copied.
  std::vector<storage::file_range> ranges;
};

// `messages`: `count` messages in the log's layout, checked here before
// anything is written; offsets, timestamps, ids (where 0) and checksums are
// stamped into these bytes, which must live until the operation ends.
op<void> send_messages(command_context& ctx, ref stream, ref topic, partitioning where, std::span<uint8_t> messages,
                       uint32_t count);
// A consumer without a partition reads partition 0; a group member without
// one reads its assigned partitions in turn. A member with nothing assigned
// (more members than partitions), or asking for a partition assigned to
// another member, gets an empty answer. `auto_commit` stores the offset of
// the last message returned.
op<polled> poll_messages(command_context& ctx, consumer_ref consumer, ref stream, ref topic,
                         std::optional<uint32_t> partition, polling from, uint32_t count, bool auto_commit);
// With `fsync`, the partition's data is made durable now.
op<void> flush_unsaved_buffer(command_context& ctx, ref stream, ref topic, uint32_t partition, bool fsync);

}  // namespace whippet::server::commands
