#include "storage/errc.h"

namespace whippet::storage {

std::string_view to_string(errc e) noexcept {
  switch (e) {
    case errc::empty_batch: return "the batch holds no messages";
    case errc::batch_size_mismatch: return "the batch's declared sizes do not add up";
    case errc::empty_payload: return "a message has an empty payload";
    case errc::payload_too_large: return "a message payload exceeds the limit";
    case errc::user_headers_too_large: return "a message's user headers exceed the limit";
    case errc::invalid_header_key: return "a user header key is malformed";
    case errc::invalid_header_value: return "a user header value is malformed";
    case errc::offset_out_of_range: return "the offset is out of range";
    case errc::segment_not_found: return "no such segment";
    case errc::invalid_argument: return "invalid argument";
    case errc::io_error: return "I/O error";
    case errc::no_space: return "no space left on the device";
    case errc::partition_failed: return "the partition refuses appends after an earlier write or sync failure";
    case errc::corrupt_data: return "corrupt data";
  }
  return "unknown storage error";
}

}  // namespace whippet::storage
