#include "protocol/binary/responses/cluster_metadata.h"

#include "protocol/binary/decode_support.h"
#include "protocol/binary/primitives.h"

namespace whippet::protocol::binary {
namespace {

// The smallest node: two empty strings, four ports, role and status.
constexpr size_t min_node_size = 4 + 4 + 4 * 2 + 2;

result<cluster_node, status> read_cluster_node(bytes::byte_reader& r) {
  cluster_node n;
  WHIPPET_TRY_ASSIGN(n.name, read_u32_string(r));
  WHIPPET_TRY_ASSIGN(n.ip, read_u32_string(r));
  WHIPPET_TRY_ASSIGN(n.tcp_port, read_u16(r));
  WHIPPET_TRY_ASSIGN(n.quic_port, read_u16(r));
  WHIPPET_TRY_ASSIGN(n.http_port, read_u16(r));
  WHIPPET_TRY_ASSIGN(n.websocket_port, read_u16(r));
  uint8_t role = 0;
  uint8_t node_status = 0;
  WHIPPET_TRY_ASSIGN(role, read_u8(r));
  WHIPPET_TRY_ASSIGN(node_status, read_u8(r));
  if (role > static_cast<uint8_t>(cluster_node_role::follower)) return fail(status::invalid_format);
  if (node_status > static_cast<uint8_t>(cluster_node_status::unknown)) return fail(status::invalid_format);
  n.role = static_cast<cluster_node_role>(role);
  n.status = static_cast<cluster_node_status>(node_status);
  return n;
}

}  // namespace

void encode(bytes::byte_writer& w, const cluster_metadata& m) {
  write_u32_string(w, m.name);
  w.write<uint32_t>(static_cast<uint32_t>(m.nodes.size()));
  for (const auto& n : m.nodes) {
    write_u32_string(w, n.name);
    write_u32_string(w, n.ip);
    w.write<uint16_t>(n.tcp_port);
    w.write<uint16_t>(n.quic_port);
    w.write<uint16_t>(n.http_port);
    w.write<uint16_t>(n.websocket_port);
    w.write<uint8_t>(static_cast<uint8_t>(n.role));
    w.write<uint8_t>(static_cast<uint8_t>(n.status));
  }
}

result<cluster_metadata, status> decode_cluster_metadata(std::span<const uint8_t> payload) {
  bytes::byte_reader r(payload);
  cluster_metadata m;
  uint32_t count = 0;
  WHIPPET_TRY_ASSIGN(m.name, read_u32_string(r));
  WHIPPET_TRY_ASSIGN(count, read_u32(r));
  if (count > r.remaining() / min_node_size) return fail(status::invalid_format);
  m.nodes.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    cluster_node n;
    WHIPPET_TRY_ASSIGN(n, read_cluster_node(r));
    m.nodes.push_back(std::move(n));
  }
  WHIPPET_TRY(expect_end(r));
  return m;
}

}  // namespace whippet::protocol::binary
