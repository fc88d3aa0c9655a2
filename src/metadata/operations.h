#pragma once
// operations: every change to the catalog as a value. The state log stores
// them, a snapshot is the list of operations that rebuilds a catalog, and
// apply() is the only code that changes a catalog, so replay after a restart
// repeats exactly what happened before it.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "base/result.h"
#include "metadata/catalog.h"

namespace whippet::metadata {

// `incarnation` numbers every created stream, topic and partition once and
// forever (ids are reused, as Iggy 0.8 reuses them; incarnations never are):
// it names the object's directory, so storage of a deleted object can never
// be adopted by a new one with the same id.
struct create_stream_op { uint32_t id; std::string name; uint64_t created_at; uint64_t incarnation = 0; };
struct update_stream_op { uint32_t id; std::string name; };
struct delete_stream_op { uint32_t id; };
struct create_topic_op {
  uint32_t stream_id; uint32_t id; std::string name; uint64_t created_at;
  uint8_t compression; uint64_t message_expiry; uint64_t max_topic_size; uint8_t replication_factor;
  std::vector<uint64_t> partition_created_at;  // one per partition
  uint64_t incarnation = 0;
  std::vector<uint64_t> partition_incarnation = {};  // one per partition; empty: all `incarnation`
};
struct update_topic_op {
  uint32_t stream_id; uint32_t id; std::string name;
  uint8_t compression; uint64_t message_expiry; uint64_t max_topic_size; uint8_t replication_factor;
};
struct delete_topic_op { uint32_t stream_id; uint32_t id; };
struct create_partitions_op { uint32_t stream_id; uint32_t topic_id; uint32_t count; uint64_t created_at; uint64_t incarnation = 0; };
struct delete_partitions_op { uint32_t stream_id; uint32_t topic_id; uint32_t count; };
struct create_user_op {
  uint32_t id; std::string username; std::string password_hash; uint8_t status; uint64_t created_at;
  std::optional<permissions> perms;
  uint64_t incarnation = 0;  // since layout 2 of create_user; 0 in records of layout 1
};
struct update_user_op { uint32_t id; std::optional<std::string> username; std::optional<uint8_t> status; };
struct update_permissions_op { uint32_t id; std::optional<permissions> perms; };
struct change_password_op { uint32_t id; std::string password_hash; };
struct delete_user_op { uint32_t id; };
struct create_pat_op { uint32_t user_id; std::string name; std::string token_hash; std::optional<uint64_t> expiry_at; };
struct delete_pat_op { uint32_t user_id; std::string name; };
struct create_group_op { uint32_t stream_id; uint32_t topic_id; uint32_t id; std::string name; };
struct delete_group_op { uint32_t stream_id; uint32_t topic_id; uint32_t id; };
// Snapshots only: the next incarnation number, which outlives deleted objects.
struct reserve_incarnations_op { uint64_t next; };

using operation = std::variant<create_stream_op, update_stream_op, delete_stream_op, create_topic_op, update_topic_op,
                               delete_topic_op, create_partitions_op, delete_partitions_op, create_user_op,
                               update_user_op, update_permissions_op, change_password_op, delete_user_op,
                               create_pat_op, delete_pat_op, create_group_op, delete_group_op,
                               reserve_incarnations_op>;

// Applies `op`; fails (changing nothing) when what it names does not exist
// or what it creates already does.
result<void, errc> apply(catalog& c, const operation& op);

// operation = code:u16 version:u8 fields (docs/formats/state.md).
std::vector<uint8_t> encode(const operation& op);
enum class decode_error {
  malformed,  // short, or fields that make no sense
  unknown,    // a code or version this server does not know: written by a newer one
};
result<operation, decode_error> decode_operation(std::span<const uint8_t> bytes);

// The operations that rebuild `c` from an empty catalog.
std::vector<operation> snapshot_of(const catalog& c);

}  // namespace whippet::metadata
