#pragma once
// The reply to get_cluster_metadata (0.6+). Iggy 0.8 with clustering off
// (its default) answers with one node; so does Whippet (handlers/system.cc).
//
//   cluster_metadata = name:(len:u32 utf8) nodes_count:u32 node × nodes_count
//   node             = name:(len:u32 utf8) ip:(len:u32 utf8) tcp:u16 quic:u16 http:u16 websocket:u16
//                      role:u8 status:u8
//   role             = 0 leader / 1 follower
//   status           = 0 healthy / 1 starting / 2 stopping / 3 unreachable / 4 maintenance / 5 unknown
//
// Nodes have no id on the wire: a node is known by its name. A port is 0 when
// the node does not serve that transport.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "bytes/byte_reader.h"
#include "bytes/byte_writer.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

enum class cluster_node_role : uint8_t { leader = 0, follower = 1 };
enum class cluster_node_status : uint8_t { healthy = 0, starting = 1, stopping = 2, unreachable = 3, maintenance = 4,
                                           unknown = 5 };

struct cluster_node {
  std::string name;
  std::string ip;
  uint16_t tcp_port = 0;
  uint16_t quic_port = 0;
  uint16_t http_port = 0;
  uint16_t websocket_port = 0;
  cluster_node_role role = cluster_node_role::leader;
  cluster_node_status status = cluster_node_status::healthy;
  bool operator==(const cluster_node&) const = default;
};

struct cluster_metadata {
  std::string name;
  std::vector<cluster_node> nodes;  // its size is the count on the wire
  bool operator==(const cluster_metadata&) const = default;
};

void encode(bytes::byte_writer& w, const cluster_metadata& m);
// An unknown role or status is invalid_format.
result<cluster_metadata, status> decode_cluster_metadata(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
