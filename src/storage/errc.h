#pragma once
// Storage errors. The server maps them to wire statuses once, in its handlers.

#include <string_view>

namespace whippet::storage {

enum class errc {
  // A rejected batch: nothing of it was written.
  empty_batch = 1,          // no messages
  batch_size_mismatch,      // declared sizes do not add up to the bytes given
  empty_payload,
  payload_too_large,
  user_headers_too_large,
  invalid_header_key,       // malformed user header key (kind or length)
  invalid_header_value,     // malformed user header value (kind or length)
  // Reads and requests.
  offset_out_of_range,
  segment_not_found,
  invalid_argument,
  // I/O. After a failed write or sync the partition refuses further appends.
  io_error,
  no_space,
  partition_failed,
  corrupt_data,
};

std::string_view to_string(errc e) noexcept;

}  // namespace whippet::storage
