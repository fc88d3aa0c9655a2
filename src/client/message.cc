#include "client/message.h"

#include <chrono>

#include "bytes/checksum.h"
#include "bytes/endian.h"
#include "model/message_layout.h"

namespace whippet::client {
namespace field = model::header_field;

size_t encoded_size(const outgoing_message& m) {
  return model::message_header_size + m.payload.size() + m.user_headers.size();
}

void append_message(std::vector<uint8_t>& blob, const outgoing_message& m) {
  const size_t at = blob.size();
  blob.resize(at + encoded_size(m), 0);
  uint8_t* p = blob.data() + at;
  uint64_t origin = m.origin_timestamp;
  if (origin == 0)
    origin = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
  bytes::store_le<uint64_t>(p + field::id, m.id_low);
  bytes::store_le<uint64_t>(p + field::id + 8, m.id_high);
  bytes::store_le<uint64_t>(p + field::origin_timestamp, origin);
  bytes::store_le<uint32_t>(p + field::user_headers_length, static_cast<uint32_t>(m.user_headers.size()));
  bytes::store_le<uint32_t>(p + field::payload_length, static_cast<uint32_t>(m.payload.size()));
  std::copy(m.payload.begin(), m.payload.end(), p + model::message_header_size);
  std::copy(m.user_headers.begin(), m.user_headers.end(), p + model::message_header_size + m.payload.size());
}

bool for_each_message(std::span<const uint8_t> data, uint32_t count, uint32_t partition_id,
                      const std::function<void(const message_ref&)>& visit) {
  size_t at = 0;
  for (uint32_t i = 0; i < count; ++i) {
    if (data.size() - at < model::message_header_size) return false;
    const uint8_t* p = data.data() + at;
    const uint32_t headers = bytes::load_le<uint32_t>(p + field::user_headers_length);
    const uint32_t payload = bytes::load_le<uint32_t>(p + field::payload_length);
    const size_t size = model::message_header_size + uint64_t{payload} + headers;
    if (size > data.size() - at) return false;
    message_ref m;
    m.partition_id = partition_id;
    m.checksum = bytes::load_le<uint64_t>(p + field::checksum);
    if (bytes::xxh3_64(p + model::checksummed_from, size - model::checksummed_from) != m.checksum) return false;
    m.id_low = bytes::load_le<uint64_t>(p + field::id);
    m.id_high = bytes::load_le<uint64_t>(p + field::id + 8);
    m.offset = bytes::load_le<uint64_t>(p + field::offset);
    m.timestamp = bytes::load_le<uint64_t>(p + field::timestamp);
    m.origin_timestamp = bytes::load_le<uint64_t>(p + field::origin_timestamp);
    m.payload = {p + model::message_header_size, payload};
    m.user_headers = {p + model::message_header_size + payload, headers};
    visit(m);
    at += size;
  }
  return at == data.size();
}

bool decode_messages(std::span<const uint8_t> data, uint32_t count, uint32_t partition_id, std::vector<message>& out) {
  out.reserve(out.size() + count);
  return for_each_message(data, count, partition_id, [&](const message_ref& r) {
    message m;
    m.partition_id = r.partition_id;
    m.offset = r.offset;
    m.timestamp = r.timestamp;
    m.origin_timestamp = r.origin_timestamp;
    m.id_low = r.id_low;
    m.id_high = r.id_high;
    m.checksum = r.checksum;
    m.payload.assign(r.payload.begin(), r.payload.end());
    m.user_headers.assign(r.user_headers.begin(), r.user_headers.end());
    out.push_back(std::move(m));
  });
}

}  // namespace whippet::client
