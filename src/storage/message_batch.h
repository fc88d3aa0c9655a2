#pragma once
// message_batch: messages back to back in one buffer, as a producer sends
// them. validate() checks every message before anything is written; the
// partition then stamps offsets, timestamps, ids and checksums in place.

#include <cstdint>
#include <optional>
#include <span>

#include "base/result.h"
#include "bytes/endian.h"
#include "model/message_layout.h"
#include "storage/errc.h"

namespace whippet::storage {

struct message_limits {
  uint32_t max_payload = model::max_payload_size;
  uint32_t max_user_headers = model::max_user_headers_size;
};

// A read-only look at one message in a buffer.
class message_view {
 public:
  explicit message_view(const uint8_t* data) noexcept : data_(data) {}
  uint64_t checksum() const noexcept { return field<uint64_t>(model::header_field::checksum); }
  uint64_t offset() const noexcept { return field<uint64_t>(model::header_field::offset); }
  uint64_t timestamp() const noexcept { return field<uint64_t>(model::header_field::timestamp); }
  uint64_t origin_timestamp() const noexcept { return field<uint64_t>(model::header_field::origin_timestamp); }
  uint32_t payload_length() const noexcept { return field<uint32_t>(model::header_field::payload_length); }
  uint32_t user_headers_length() const noexcept { return field<uint32_t>(model::header_field::user_headers_length); }
  uint64_t size() const noexcept {
    return model::message_header_size + uint64_t{payload_length()} + user_headers_length();
  }
  std::span<const uint8_t> payload() const noexcept { return {data_ + model::message_header_size, payload_length()}; }
  std::span<const uint8_t> user_headers() const noexcept {
    return {data_ + model::message_header_size + payload_length(), user_headers_length()};
  }
  std::span<const uint8_t> id_bytes() const noexcept { return {data_ + model::header_field::id, 16}; }
  const uint8_t* data() const noexcept { return data_; }
  // XXH3-64 of the message after the checksum field.
  uint64_t compute_checksum() const noexcept;
  bool checksum_ok() const noexcept { return compute_checksum() == checksum(); }

 private:
  template <typename T>
  T field(size_t at) const noexcept {
    return bytes::load_le<T>(data_ + at);
  }
  const uint8_t* data_;
};

// The size of the message at `p` if its header fits in `available` bytes and
// its declared lengths are within `limits` and within `available`.
std::optional<uint64_t> message_size_at(const uint8_t* p, size_t available, const message_limits& limits) noexcept;

// Checks the user header block: [key_kind:u8][key_len:u32][key][value_kind:u8][value_len:u32][value]*
result<void, errc> validate_user_headers(std::span<const uint8_t> block) noexcept;

class message_batch {
 public:
  // Checks that `bytes` holds exactly `count` well-formed messages.
  static result<message_batch, errc> validate(std::span<uint8_t> bytes, uint32_t count,
                                              const message_limits& limits = {}) noexcept;

  std::span<uint8_t> bytes() const noexcept { return bytes_; }
  uint32_t count() const noexcept { return count_; }

 private:
  message_batch(std::span<uint8_t> bytes, uint32_t count) : bytes_(bytes), count_(count) {}
  std::span<uint8_t> bytes_;
  uint32_t count_;
};

}  // namespace whippet::storage
