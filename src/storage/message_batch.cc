#include "storage/message_batch.h"

#include "bytes/checksum.h"

namespace whippet::storage {

uint64_t message_view::compute_checksum() const noexcept {
  return bytes::xxh3_64(data_ + model::checksummed_from, size() - model::checksummed_from);
}

std::optional<uint64_t> message_size_at(const uint8_t* p, size_t available, const message_limits& limits) noexcept {
  if (available < model::message_header_size) return std::nullopt;
  const message_view m(p);
  if (m.payload_length() > limits.max_payload || m.user_headers_length() > limits.max_user_headers)
    return std::nullopt;
  const uint64_t size = m.size();
  if (size > available) return std::nullopt;
  return size;
}

result<void, errc> validate_user_headers(std::span<const uint8_t> block) noexcept {
  size_t at = 0;
  const auto read_part = [&](errc bad) -> result<void, errc> {
    if (block.size() - at < 5) return fail(bad);
    const uint8_t kind = block[at];
    const uint32_t len = bytes::load_le<uint32_t>(block.data() + at + 1);
    at += 5;
    if (kind < model::header_kind_min || kind > model::header_kind_max) return fail(bad);
    if (len < 1 || len > 255 || len > block.size() - at) return fail(bad);
    const uint32_t fixed = model::header_kind_fixed_size(kind);
    if (fixed != 0 && len != fixed) return fail(bad);
    at += len;
    return {};
  };
  while (at < block.size()) {
    if (auto r = read_part(errc::invalid_header_key); !r) return r;
    if (auto r = read_part(errc::invalid_header_value); !r) return r;
  }
  return {};
}

result<message_batch, errc> message_batch::validate(std::span<uint8_t> bytes, uint32_t count,
                                                    const message_limits& limits) noexcept {
  if (count == 0 || bytes.empty()) return fail(errc::empty_batch);
  size_t at = 0;
  for (uint32_t i = 0; i < count; ++i) {
    if (bytes.size() - at < model::message_header_size) return fail(errc::batch_size_mismatch);
    const message_view m(bytes.data() + at);
    if (m.payload_length() == 0) return fail(errc::empty_payload);
    if (m.payload_length() > limits.max_payload) return fail(errc::payload_too_large);
    if (m.user_headers_length() > limits.max_user_headers) return fail(errc::user_headers_too_large);
    if (m.size() > bytes.size() - at) return fail(errc::batch_size_mismatch);
    if (auto r = validate_user_headers(m.user_headers()); !r) return fail(r.error());
    at += m.size();
  }
  if (at != bytes.size()) return fail(errc::batch_size_mismatch);
  return message_batch(bytes, count);
}

}  // namespace whippet::storage
