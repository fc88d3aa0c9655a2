#include "protocol/binary/requests/send_messages.h"

#include "base/assert.h"
#include "bytes/endian.h"
#include "protocol/binary/message_blob.h"
#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode_send_messages(const identifier& stream, const identifier& topic,
                                          const partitioning& partitioning, std::span<const uint8_t> messages_blob,
                                          uint32_t messages_count) {
  WHIPPET_ASSERT(messages_count > 0, "send_messages needs at least one message");
  auto ends = message_end_positions(messages_blob, messages_count);
  WHIPPET_ASSERT(ends.ok(), "the blob must hold exactly messages_count whole messages");

  std::vector<uint8_t> metadata;
  bytes::byte_writer m(metadata);
  write_identifier(m, stream);
  write_identifier(m, topic);
  write_partitioning(m, partitioning);
  m.write<uint32_t>(messages_count);

  std::vector<uint8_t> out;
  out.reserve(4 + metadata.size() + messages_count * send_messages_index_entry_size + messages_blob.size());
  bytes::byte_writer w(out);
  w.write<uint32_t>(static_cast<uint32_t>(metadata.size()));
  w.write_bytes(metadata);
  for (uint32_t end : *ends) {
    w.write<uint32_t>(0);
    w.write<uint32_t>(end);
    w.write<uint64_t>(0);
  }
  w.write_bytes(messages_blob);
  return out;
}

std::vector<uint8_t> encode(const send_messages_request& req) {
  return encode_send_messages(req.stream, req.topic, req.partitioning, req.messages, req.messages_count);
}

namespace {

// `r` reads `payload`, which the request's span of messages points into.
result<send_messages_request, status> read_send_messages_request(bytes::byte_reader& r, std::span<uint8_t> payload) {
  send_messages_request req;
  uint32_t metadata_length = 0;
  WHIPPET_TRY_ASSIGN(metadata_length, read_u32(r));
  const size_t metadata_start = r.position();
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.topic, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.partitioning, read_partitioning(r));
  WHIPPET_TRY_ASSIGN(req.messages_count, read_u32(r));
  if (r.position() - metadata_start != metadata_length) return fail(status::invalid_format);
  if (req.messages_count == 0) return fail(status::invalid_messages_count);

  const uint64_t index_size = uint64_t{req.messages_count} * send_messages_index_entry_size;
  auto index_bytes = r.read_bytes(index_size);
  if (!index_bytes) return fail(status::invalid_command);  // the payload ends inside the index
  const uint8_t* index = index_bytes->data();
  req.messages = payload.subspan(r.position());

  uint64_t previous_end = 0;
  for (uint32_t i = 0; i < req.messages_count; ++i) {
    const uint64_t end = bytes::load_le<uint32_t>(index + i * send_messages_index_entry_size + 4);
    if (end <= previous_end || end > req.messages.size()) return fail(status::invalid_format);
    auto size = message_size_at(req.messages, previous_end);
    if (!size) return fail(size.error());
    if (*size != end - previous_end) return fail(status::invalid_format);
    previous_end = end;
  }
  if (previous_end != req.messages.size()) return fail(status::invalid_format);
  return req;
}

}  // namespace

decode_result<send_messages_request> decode_send_messages_request(std::span<uint8_t> payload) {
  bytes::byte_reader r(payload);
  auto fields = read_send_messages_request(r, payload);
  auto decoded = detail::finish_request<send_messages_request>(r, std::move(fields));
  // The messages run to the end of the payload and must fill it exactly (the
  // index says where each one ends): a send has no trailing bytes.
  if (decoded) decoded->trailing_bytes = 0;
  return decoded;
}

}  // namespace whippet::protocol::binary
