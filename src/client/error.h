#pragma once
// The SDK's errors: transport failures, protocol violations, and error
// statuses answered by the server (with the Iggy code in `status`).

#include <cstdint>
#include <string>

namespace whippet::client {

enum class errc {
  invalid_address,
  connect_failed,
  timed_out,
  disconnected,
  protocol_error,
  server_error,  // the server answered a non-zero status
  would_block,   // a bounded buffer is full (producer::try_send)
};

struct error {
  errc code = errc::protocol_error;
  uint32_t status = 0;  // for server_error: the server's status code
  std::string message;
};

}  // namespace whippet::client
