#pragma once
// Primitives shared by the request and response codecs of Iggy's classic
// binary protocol (server 0.8). All integers are little-endian.
//
//   wire_name          = len:u8 (1..255) utf8[len]
//   identifier         = kind:u8 len:u8 value[len]       kind 1 numeric (len 4, u32), 2 string (len 1..255)
//   consumer           = kind:u8 identifier               kind 1 consumer, 2 consumer group
//   partitioning       = kind:u8 len:u8 value[len]       1 balanced (len 0), 2 partition id (len 4), 3 key (len 1..255)
//   polling_strategy   = kind:u8 value:u64               1 offset, 2 timestamp, 3 first, 4 last, 5 next
//   optional partition = flag:u8 partition_id:u32        flag 1 = some, 0 = none (the u32 is then ignored)
//   permissions        = 10 global flags, then a linked list of streams, each with a linked list of topics
//
// Readers never read past the end: a short buffer is status::invalid_format.
// A malformed identifier is status::invalid_identifier; any other malformed
// value is status::invalid_format. Writers expect valid values (see the
// is_valid_* checks) and assert otherwise.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "bytes/byte_reader.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

inline constexpr size_t max_wire_name_size = 255;

// ---- plain values --------------------------------------------------------

result<uint8_t, status> read_u8(bytes::byte_reader& r);
result<uint16_t, status> read_u16(bytes::byte_reader& r);
result<uint32_t, status> read_u32(bytes::byte_reader& r);
result<uint64_t, status> read_u64(bytes::byte_reader& r);
result<float, status> read_f32(bytes::byte_reader& r);
// A u8 that must be 0 or 1.
result<bool, status> read_bool(bytes::byte_reader& r);
void write_bool(bytes::byte_writer& w, bool v);
// Fails with invalid_format unless every byte was consumed.
result<void, status> expect_end(const bytes::byte_reader& r);

bool is_valid_utf8(std::string_view s) noexcept;

// ---- strings ---------------------------------------------------------------

// WireName: [len:u8 1..255][utf8]. Stream, topic, group, user and token names.
bool is_valid_wire_name(std::string_view s) noexcept;
result<std::string, status> read_wire_name(bytes::byte_reader& r);
void write_wire_name(bytes::byte_writer& w, std::string_view name);

// [len:u8 0..255][utf8]: passwords. Their policy (length, ...) is the handler's job.
result<std::string, status> read_u8_string(bytes::byte_reader& r);
void write_u8_string(bytes::byte_writer& w, std::string_view s);

// [len:u32][utf8]: login version and context, client addresses, stats strings.
result<std::string, status> read_u32_string(bytes::byte_reader& r);
void write_u32_string(bytes::byte_writer& w, std::string_view s);

// ---- enums -------------------------------------------------------------------

enum class compression_algorithm : uint8_t { none = 1, gzip = 2 };
enum class user_status : uint8_t { active = 1, inactive = 2 };
enum class transport_kind : uint8_t { tcp = 1, quic = 2, http = 3, websocket = 4 };

result<compression_algorithm, status> read_compression_algorithm(bytes::byte_reader& r);
result<user_status, status> read_user_status(bytes::byte_reader& r);
result<transport_kind, status> read_transport_kind(bytes::byte_reader& r);

// ---- identifier --------------------------------------------------------------

struct identifier {
  enum class kind_t : uint8_t { numeric = 1, string = 2 };
  kind_t kind = kind_t::numeric;
  uint32_t number = 0;  // when numeric
  std::string name;     // when string, 1..255 bytes of UTF-8

  static identifier numeric(uint32_t id);
  static identifier named(std::string text);
  bool is_valid() const noexcept;
  bool operator==(const identifier&) const = default;
  // "5" or "orders".
  std::string to_string() const;
};

result<identifier, status> read_identifier(bytes::byte_reader& r);
void write_identifier(bytes::byte_writer& w, const identifier& id);

// ---- consumer ------------------------------------------------------------

struct consumer {
  enum class kind_t : uint8_t { consumer = 1, consumer_group = 2 };
  kind_t kind = kind_t::consumer;
  identifier id;

  static consumer single(identifier consumer_id);
  static consumer group(identifier group_id);
  bool operator==(const consumer&) const = default;
};

result<consumer, status> read_consumer(bytes::byte_reader& r);
void write_consumer(bytes::byte_writer& w, const consumer& c);

// ---- partitioning ----------------------------------------------------------

struct partitioning {
  enum class kind_t : uint8_t { balanced = 1, partition_id = 2, messages_key = 3 };
  kind_t kind = kind_t::balanced;
  uint32_t partition_id = 0;  // when partition_id
  std::vector<uint8_t> key;   // when messages_key, 1..255 bytes

  static partitioning balanced();
  static partitioning to_partition(uint32_t id);
  static partitioning by_key(std::vector<uint8_t> messages_key);
  bool operator==(const partitioning&) const = default;
};

result<partitioning, status> read_partitioning(bytes::byte_reader& r);
void write_partitioning(bytes::byte_writer& w, const partitioning& p);

// ---- polling strategy ------------------------------------------------------

struct polling_strategy {
  enum class kind_t : uint8_t { offset = 1, timestamp = 2, first = 3, last = 4, next = 5 };
  kind_t kind = kind_t::offset;
  uint64_t value = 0;  // an offset, or a timestamp in µs; ignored by first, last and next

  static polling_strategy offset(uint64_t v);
  static polling_strategy timestamp(uint64_t micros);
  static polling_strategy first();
  static polling_strategy last();
  static polling_strategy next();
  bool operator==(const polling_strategy&) const = default;
};

result<polling_strategy, status> read_polling_strategy(bytes::byte_reader& r);
void write_polling_strategy(bytes::byte_writer& w, const polling_strategy& s);

// ---- optional partition id (0.6+) --------------------------------------------

result<std::optional<uint32_t>, status> read_optional_partition_id(bytes::byte_reader& r);
void write_optional_partition_id(bytes::byte_writer& w, std::optional<uint32_t> partition_id);

// ---- permissions -----------------------------------------------------------

struct topic_permissions {
  bool manage_topic = false;
  bool read_topic = false;
  bool poll_messages = false;
  bool send_messages = false;
  bool operator==(const topic_permissions&) const = default;
};

struct stream_permissions {
  bool manage_stream = false;
  bool read_stream = false;
  bool manage_topics = false;
  bool read_topics = false;
  bool poll_messages = false;
  bool send_messages = false;
  std::map<uint32_t, topic_permissions> topics;
  bool operator==(const stream_permissions&) const = default;
};

struct global_permissions {
  bool manage_servers = false;
  bool read_servers = false;
  bool manage_users = false;
  bool read_users = false;
  bool manage_streams = false;
  bool read_streams = false;
  bool manage_topics = false;
  bool read_topics = false;
  bool poll_messages = false;
  bool send_messages = false;
  bool operator==(const global_permissions&) const = default;
};

struct permissions {
  global_permissions global;
  std::map<uint32_t, stream_permissions> streams;
  bool operator==(const permissions&) const = default;
};

// The bare permissions tree, without a length prefix. A stream or topic id
// that appears twice in one list is invalid_format.
result<permissions, status> read_permissions(bytes::byte_reader& r);
void write_permissions(bytes::byte_writer& w, const permissions& p);

// [has:u8] then, if 1, [len:u32][permissions: exactly len bytes]. The form of
// create_user and update_permissions requests.
result<std::optional<permissions>, status> read_optional_permissions(bytes::byte_reader& r);
void write_optional_permissions(bytes::byte_writer& w, const std::optional<permissions>& p);

}  // namespace whippet::protocol::binary
