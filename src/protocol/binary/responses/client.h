#pragma once
// Client replies: ClientResponse (get_clients lists them) and ClientDetails
// (get_me, get_client: the client with the consumer groups it belongs to).
//
//   client_response = client_id:u32 user_id:u32 transport:u8 address:(len:u32 utf8) consumer_groups_count:u32
//   client_details  = client_id:u32 user_id:u32 transport:u8 address:(len:u32 utf8) consumer_groups_count:u32
//                     (stream_id:u32 topic_id:u32 group_id:u32) × consumer_groups_count
//   get_clients     = client_response*

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "bytes/byte_reader.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct client_response {
  uint32_t client_id = 0;
  uint32_t user_id = 0;
  transport_kind transport = transport_kind::tcp;
  std::string address;  // "127.0.0.1:52314"
  uint32_t consumer_groups_count = 0;
  bool operator==(const client_response&) const = default;
};

struct client_consumer_group {
  uint32_t stream_id = 0;
  uint32_t topic_id = 0;
  uint32_t group_id = 0;
  bool operator==(const client_consumer_group&) const = default;
};

struct client_details {
  uint32_t client_id = 0;
  uint32_t user_id = 0;
  transport_kind transport = transport_kind::tcp;
  std::string address;
  std::vector<client_consumer_group> consumer_groups;  // its size is the count on the wire
  bool operator==(const client_details&) const = default;
};

void encode(bytes::byte_writer& w, const client_response& c);
void encode(bytes::byte_writer& w, const client_details& c);

result<client_response, status> read_client_response(bytes::byte_reader& r);
result<client_response, status> decode_client_response(std::span<const uint8_t> payload);
// Exactly consumer_groups_count groups, then the end of the payload.
result<client_details, status> decode_client_details(std::span<const uint8_t> payload);
result<std::vector<client_response>, status> decode_client_list(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
