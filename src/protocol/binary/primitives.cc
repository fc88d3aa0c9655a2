#include "protocol/binary/primitives.h"

#include <utility>

#include "base/assert.h"
#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {
namespace {

template <typename T>
result<T, status> read_value(bytes::byte_reader& r) {
  auto v = r.read<T>();
  if (!v) return fail(status::invalid_format);
  return *v;
}

result<std::string, status> read_utf8(bytes::byte_reader& r, size_t n) {
  auto s = r.read_string(n);
  if (!s || !is_valid_utf8(*s)) return fail(status::invalid_format);
  return std::string(*s);
}

}  // namespace

// ---- plain values --------------------------------------------------------

result<uint8_t, status> read_u8(bytes::byte_reader& r) { return read_value<uint8_t>(r); }
result<uint16_t, status> read_u16(bytes::byte_reader& r) { return read_value<uint16_t>(r); }
result<uint32_t, status> read_u32(bytes::byte_reader& r) { return read_value<uint32_t>(r); }
result<uint64_t, status> read_u64(bytes::byte_reader& r) { return read_value<uint64_t>(r); }
result<float, status> read_f32(bytes::byte_reader& r) { return read_value<float>(r); }

result<bool, status> read_bool(bytes::byte_reader& r) {
  auto v = r.read<uint8_t>();
  if (!v || *v > 1) return fail(status::invalid_format);
  return *v == 1;
}

void write_bool(bytes::byte_writer& w, bool v) { w.write<uint8_t>(v ? 1 : 0); }

result<void, status> expect_end(const bytes::byte_reader& r) {
  if (!r.empty()) return fail(status::invalid_format);
  return {};
}

bool is_valid_utf8(std::string_view s) noexcept {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    size_t extra = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1;
      cp = c & 0x1fu;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      cp = c & 0x0fu;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (s.size() - i <= extra) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<uint8_t>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3fu);
    }
    constexpr uint32_t min_for[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_for[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += extra + 1;
  }
  return true;
}

// ---- strings ---------------------------------------------------------------

bool is_valid_wire_name(std::string_view s) noexcept {
  return !s.empty() && s.size() <= max_wire_name_size && is_valid_utf8(s);
}

result<std::string, status> read_wire_name(bytes::byte_reader& r) {
  uint8_t len = 0;
  WHIPPET_TRY_ASSIGN(len, read_u8(r));
  if (len == 0) return fail(status::invalid_format);
  return read_utf8(r, len);
}

void write_wire_name(bytes::byte_writer& w, std::string_view name) {
  WHIPPET_ASSERT(is_valid_wire_name(name), "a wire name is 1..255 bytes of UTF-8");
  w.write<uint8_t>(static_cast<uint8_t>(name.size()));
  w.write_string(name);
}

result<std::string, status> read_u8_string(bytes::byte_reader& r) {
  uint8_t len = 0;
  WHIPPET_TRY_ASSIGN(len, read_u8(r));
  return read_utf8(r, len);
}

void write_u8_string(bytes::byte_writer& w, std::string_view s) {
  WHIPPET_ASSERT(s.size() <= 255, "a u8-prefixed string is at most 255 bytes");
  w.write<uint8_t>(static_cast<uint8_t>(s.size()));
  w.write_string(s);
}

result<std::string, status> read_u32_string(bytes::byte_reader& r) {
  uint32_t len = 0;
  WHIPPET_TRY_ASSIGN(len, read_u32(r));
  return read_utf8(r, len);
}

void write_u32_string(bytes::byte_writer& w, std::string_view s) {
  w.write<uint32_t>(static_cast<uint32_t>(s.size()));
  w.write_string(s);
}

// ---- enums -------------------------------------------------------------------

result<compression_algorithm, status> read_compression_algorithm(bytes::byte_reader& r) {
  uint8_t v = 0;
  WHIPPET_TRY_ASSIGN(v, read_u8(r));
  if (v < 1 || v > 2) return fail(status::invalid_format);
  return static_cast<compression_algorithm>(v);
}

result<user_status, status> read_user_status(bytes::byte_reader& r) {
  uint8_t v = 0;
  WHIPPET_TRY_ASSIGN(v, read_u8(r));
  if (v < 1 || v > 2) return fail(status::invalid_format);
  return static_cast<user_status>(v);
}

result<transport_kind, status> read_transport_kind(bytes::byte_reader& r) {
  uint8_t v = 0;
  WHIPPET_TRY_ASSIGN(v, read_u8(r));
  if (v < 1 || v > 4) return fail(status::invalid_format);
  return static_cast<transport_kind>(v);
}

// ---- identifier --------------------------------------------------------------

identifier identifier::numeric(uint32_t id) {
  identifier out;
  out.kind = kind_t::numeric;
  out.number = id;
  return out;
}

identifier identifier::named(std::string text) {
  identifier out;
  out.kind = kind_t::string;
  out.name = std::move(text);
  return out;
}

bool identifier::is_valid() const noexcept {
  switch (kind) {
    case kind_t::numeric: return true;
    case kind_t::string: return is_valid_wire_name(name);
  }
  return false;
}

std::string identifier::to_string() const { return kind == kind_t::numeric ? std::to_string(number) : name; }

result<identifier, status> read_identifier(bytes::byte_reader& r) {
  uint8_t kind = 0;
  uint8_t len = 0;
  WHIPPET_TRY_ASSIGN(kind, read_u8(r));
  WHIPPET_TRY_ASSIGN(len, read_u8(r));
  if (kind == static_cast<uint8_t>(identifier::kind_t::numeric)) {
    if (len != 4) return fail(status::invalid_identifier);
    uint32_t id = 0;
    WHIPPET_TRY_ASSIGN(id, read_u32(r));
    return identifier::numeric(id);
  }
  if (kind != static_cast<uint8_t>(identifier::kind_t::string) || len == 0) return fail(status::invalid_identifier);
  auto s = r.read_string(len);
  if (!s) return fail(status::invalid_format);
  if (!is_valid_utf8(*s)) return fail(status::invalid_identifier);
  return identifier::named(std::string(*s));
}

void write_identifier(bytes::byte_writer& w, const identifier& id) {
  WHIPPET_ASSERT(id.is_valid(), "a string identifier is 1..255 bytes of UTF-8");
  w.write<uint8_t>(static_cast<uint8_t>(id.kind));
  if (id.kind == identifier::kind_t::numeric) {
    w.write<uint8_t>(4);
    w.write<uint32_t>(id.number);
  } else {
    w.write<uint8_t>(static_cast<uint8_t>(id.name.size()));
    w.write_string(id.name);
  }
}

// ---- consumer ------------------------------------------------------------

consumer consumer::single(identifier consumer_id) { return {kind_t::consumer, std::move(consumer_id)}; }
consumer consumer::group(identifier group_id) { return {kind_t::consumer_group, std::move(group_id)}; }

result<consumer, status> read_consumer(bytes::byte_reader& r) {
  uint8_t kind = 0;
  WHIPPET_TRY_ASSIGN(kind, read_u8(r));
  if (kind < 1 || kind > 2) return fail(status::invalid_format);
  consumer c;
  c.kind = static_cast<consumer::kind_t>(kind);
  WHIPPET_TRY_ASSIGN(c.id, read_identifier(r));
  return c;
}

void write_consumer(bytes::byte_writer& w, const consumer& c) {
  w.write<uint8_t>(static_cast<uint8_t>(c.kind));
  write_identifier(w, c.id);
}

// ---- partitioning ----------------------------------------------------------

partitioning partitioning::balanced() { return {}; }

partitioning partitioning::to_partition(uint32_t id) {
  partitioning p;
  p.kind = kind_t::partition_id;
  p.partition_id = id;
  return p;
}

partitioning partitioning::by_key(std::vector<uint8_t> messages_key) {
  partitioning p;
  p.kind = kind_t::messages_key;
  p.key = std::move(messages_key);
  return p;
}

result<partitioning, status> read_partitioning(bytes::byte_reader& r) {
  uint8_t kind = 0;
  uint8_t len = 0;
  WHIPPET_TRY_ASSIGN(kind, read_u8(r));
  WHIPPET_TRY_ASSIGN(len, read_u8(r));
  switch (static_cast<partitioning::kind_t>(kind)) {
    case partitioning::kind_t::balanced:
      if (len != 0) return fail(status::invalid_format);
      return partitioning::balanced();
    case partitioning::kind_t::partition_id: {
      if (len != 4) return fail(status::invalid_format);
      uint32_t id = 0;
      WHIPPET_TRY_ASSIGN(id, read_u32(r));
      return partitioning::to_partition(id);
    }
    case partitioning::kind_t::messages_key: {
      if (len == 0) return fail(status::invalid_format);
      auto key = r.read_bytes(len);
      if (!key) return fail(status::invalid_format);
      return partitioning::by_key(std::vector<uint8_t>(key->begin(), key->end()));
    }
  }
  return fail(status::invalid_format);
}

void write_partitioning(bytes::byte_writer& w, const partitioning& p) {
  w.write<uint8_t>(static_cast<uint8_t>(p.kind));
  switch (p.kind) {
    case partitioning::kind_t::balanced: w.write<uint8_t>(0); return;
    case partitioning::kind_t::partition_id:
      w.write<uint8_t>(4);
      w.write<uint32_t>(p.partition_id);
      return;
    case partitioning::kind_t::messages_key:
      WHIPPET_ASSERT(!p.key.empty() && p.key.size() <= 255, "a messages key is 1..255 bytes");
      w.write<uint8_t>(static_cast<uint8_t>(p.key.size()));
      w.write_bytes(p.key);
      return;
  }
}

// ---- polling strategy ------------------------------------------------------

polling_strategy polling_strategy::offset(uint64_t v) { return {kind_t::offset, v}; }
polling_strategy polling_strategy::timestamp(uint64_t micros) { return {kind_t::timestamp, micros}; }
polling_strategy polling_strategy::first() { return {kind_t::first, 0}; }
polling_strategy polling_strategy::last() { return {kind_t::last, 0}; }
polling_strategy polling_strategy::next() { return {kind_t::next, 0}; }

result<polling_strategy, status> read_polling_strategy(bytes::byte_reader& r) {
  uint8_t kind = 0;
  polling_strategy s;
  WHIPPET_TRY_ASSIGN(kind, read_u8(r));
  WHIPPET_TRY_ASSIGN(s.value, read_u64(r));
  if (kind < 1 || kind > 5) return fail(status::invalid_format);
  s.kind = static_cast<polling_strategy::kind_t>(kind);
  return s;
}

void write_polling_strategy(bytes::byte_writer& w, const polling_strategy& s) {
  w.write<uint8_t>(static_cast<uint8_t>(s.kind));
  w.write<uint64_t>(s.value);
}

// ---- optional partition id ---------------------------------------------------

result<std::optional<uint32_t>, status> read_optional_partition_id(bytes::byte_reader& r) {
  bool some = false;
  uint32_t id = 0;
  WHIPPET_TRY_ASSIGN(some, read_bool(r));
  WHIPPET_TRY_ASSIGN(id, read_u32(r));
  if (!some) return std::optional<uint32_t>{};
  return std::optional<uint32_t>{id};
}

void write_optional_partition_id(bytes::byte_writer& w, std::optional<uint32_t> partition_id) {
  write_bool(w, partition_id.has_value());
  w.write<uint32_t>(partition_id.value_or(0));
}

// Permissions: permissions.cc.

}  // namespace whippet::protocol::binary
