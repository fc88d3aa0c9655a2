#include "protocol/binary/requests/get_snapshot.h"

#include "base/assert.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {
namespace {

bool is_snapshot_type(uint8_t v) noexcept { return (v >= 1 && v <= 6) || v == 100; }

}  // namespace

std::vector<uint8_t> encode(const get_snapshot_request& req) {
  WHIPPET_ASSERT(req.types.size() <= 255, "a snapshot asks for at most 255 types");
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  w.write<uint8_t>(static_cast<uint8_t>(req.compression));
  w.write<uint8_t>(static_cast<uint8_t>(req.types.size()));
  for (snapshot_type t : req.types) w.write<uint8_t>(static_cast<uint8_t>(t));
  return out;
}

namespace {

result<get_snapshot_request, status> read_get_snapshot_request(bytes::byte_reader& r) {
  get_snapshot_request req;
  uint8_t compression = 0;
  uint8_t count = 0;
  WHIPPET_TRY_ASSIGN(compression, read_u8(r));
  if (compression < 1 || compression > 6) return fail(status::invalid_format);
  req.compression = static_cast<snapshot_compression>(compression);
  WHIPPET_TRY_ASSIGN(count, read_u8(r));
  req.types.reserve(count);
  for (uint8_t i = 0; i < count; ++i) {
    uint8_t t = 0;
    WHIPPET_TRY_ASSIGN(t, read_u8(r));
    if (!is_snapshot_type(t)) return fail(status::invalid_format);
    req.types.push_back(static_cast<snapshot_type>(t));
  }
  return req;
}

}  // namespace

decode_result<get_snapshot_request> decode_get_snapshot_request(std::span<const uint8_t> payload) {
  return detail::decode_request<get_snapshot_request>(payload, read_get_snapshot_request);
}

}  // namespace whippet::protocol::binary
