#pragma once
// The reply to get_cluster_metadata (0.6+). A server without clustering
// answers FeatureUnavailable instead.
//
//   cluster_metadata = name:(len:u32 utf8) nodes_count:u32 node × nodes_count
//   node             = name:(len:u32 utf8) ip:(len:u32 utf8) tcp:u16 quic:u16 http:u16 websocket:u16
//                      role:u8 status:u8

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "bytes/byte_reader.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct cluster_node {
  std::string name;
  std::string ip;
  uint16_t tcp_port = 0;
  uint16_t quic_port = 0;
  uint16_t http_port = 0;
  uint16_t websocket_port = 0;
  uint8_t role = 0;
  uint8_t status = 0;
  bool operator==(const cluster_node&) const = default;
};

struct cluster_metadata {
  std::string name;
  std::vector<cluster_node> nodes;  // its size is the count on the wire
  bool operator==(const cluster_metadata&) const = default;
};

void encode(bytes::byte_writer& w, const cluster_metadata& m);
result<cluster_metadata, status> decode_cluster_metadata(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
