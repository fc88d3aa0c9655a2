#include "protocol/binary/requests/poll_messages.h"

#include "protocol/binary/decode_support.h"

namespace whippet::protocol::binary {

std::vector<uint8_t> encode(const poll_messages_request& req) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  write_consumer(w, req.consumer);
  write_identifier(w, req.stream);
  write_identifier(w, req.topic);
  write_optional_partition_id(w, req.partition_id);
  write_polling_strategy(w, req.strategy);
  w.write<uint32_t>(req.count);
  write_bool(w, req.auto_commit);
  return out;
}

namespace {

result<poll_messages_request, status> read_poll_messages_request(bytes::byte_reader& r) {
  poll_messages_request req;
  WHIPPET_TRY_ASSIGN(req.consumer, read_consumer(r));
  WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.topic, read_identifier(r));
  WHIPPET_TRY_ASSIGN(req.partition_id, read_optional_partition_id(r));
  WHIPPET_TRY_ASSIGN(req.strategy, read_polling_strategy(r));
  WHIPPET_TRY_ASSIGN(req.count, read_u32(r));
  WHIPPET_TRY_ASSIGN(req.auto_commit, read_bool(r));
  return req;
}

}  // namespace

decode_result<poll_messages_request> decode_poll_messages_request(std::span<const uint8_t> payload) {
  return detail::decode_request<poll_messages_request>(payload, read_poll_messages_request);
}

}  // namespace whippet::protocol::binary
