#pragma once
// get_client (code 21): one client by id.
//
//   payload = client_id:u32
//   reply   = ClientDetails (responses/client.h); an unknown id is an empty OK

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/binary/command_code.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

struct get_client_request {
  uint32_t client_id = 0;
  static constexpr command_code code = command_code::get_client;
  bool operator==(const get_client_request&) const = default;
};

std::vector<uint8_t> encode(const get_client_request& req);
decode_result<get_client_request> decode_get_client_request(std::span<const uint8_t> payload);

}  // namespace whippet::protocol::binary
