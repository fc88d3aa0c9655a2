#pragma once
// get_clients (code 22): every connected client.
//
//   payload = (empty)
//   reply   = ClientResponse* (responses/client.h)

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_clients_request {
  static constexpr command_code code = command_code::get_clients;
  bool operator==(const get_clients_request&) const = default;
};

std::vector<uint8_t> encode(const get_clients_request& req);
decode_result<get_clients_request> decode_get_clients_request(std::span<const uint8_t> payload) noexcept;

}  // namespace whippet::protocol::binary
