#include "protocol/binary/message_blob.h"

#include "bytes/endian.h"
#include "model/message_layout.h"

namespace whippet::protocol::binary {

result<uint64_t, status> message_size_at(std::span<const uint8_t> blob, size_t at) {
  if (at > blob.size() || blob.size() - at < model::message_header_size) return fail(status::invalid_format);
  const uint8_t* header = blob.data() + at;
  const uint64_t headers_len = bytes::load_le<uint32_t>(header + model::header_field::user_headers_length);
  const uint64_t payload_len = bytes::load_le<uint32_t>(header + model::header_field::payload_length);
  return model::message_header_size + payload_len + headers_len;
}

result<std::vector<uint32_t>, status> message_end_positions(std::span<const uint8_t> blob, uint32_t count) {
  // Each message takes at least a header: this bounds the allocation.
  if (blob.size() > UINT32_MAX || count > blob.size() / model::message_header_size) return fail(status::invalid_format);
  std::vector<uint32_t> ends;
  ends.reserve(count);
  uint64_t at = 0;
  for (uint32_t i = 0; i < count; ++i) {
    auto size = message_size_at(blob, at);
    if (!size) return fail(size.error());
    if (*size > blob.size() - at) return fail(status::invalid_format);
    at += *size;
    ends.push_back(static_cast<uint32_t>(at));
  }
  if (at != blob.size()) return fail(status::invalid_format);
  return ends;
}

}  // namespace whippet::protocol::binary
