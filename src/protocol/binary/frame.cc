#include "protocol/binary/frame.h"

#include "bytes/endian.h"

namespace whippet::protocol::binary {

std::string_view to_string(frame_errc e) noexcept {
  switch (e) {
    case frame_errc::length_too_small: return "frame length is smaller than the command code";
    case frame_errc::payload_too_large: return "frame payload exceeds the limit";
  }
  return "unknown frame error";
}

result<request_header, frame_errc> decode_request_header(std::span<const uint8_t, request_header_size> bytes,
                                                         uint32_t max_payload) noexcept {
  request_header h;
  h.length = bytes::load_le<uint32_t>(bytes.data());
  h.code = bytes::load_le<uint32_t>(bytes.data() + 4);
  if (h.length < 4) return fail(frame_errc::length_too_small);
  if (h.payload_size() > max_payload) return fail(frame_errc::payload_too_large);
  return h;
}

std::array<uint8_t, request_header_size> encode_request_header(uint32_t code, uint32_t payload_size) noexcept {
  std::array<uint8_t, request_header_size> out{};
  bytes::store_le<uint32_t>(out.data(), payload_size + 4);
  bytes::store_le<uint32_t>(out.data() + 4, code);
  return out;
}

std::vector<uint8_t> encode_request(uint32_t code, std::span<const uint8_t> payload) {
  std::vector<uint8_t> out(request_header_size + payload.size());
  const auto header = encode_request_header(code, static_cast<uint32_t>(payload.size()));
  std::copy(header.begin(), header.end(), out.begin());
  std::copy(payload.begin(), payload.end(), out.begin() + request_header_size);
  return out;
}

response_header decode_response_header(std::span<const uint8_t, response_header_size> bytes) noexcept {
  return {bytes::load_le<uint32_t>(bytes.data()), bytes::load_le<uint32_t>(bytes.data() + 4)};
}

std::array<uint8_t, response_header_size> encode_response_header(status s, uint32_t payload_size) noexcept {
  std::array<uint8_t, response_header_size> out{};
  bytes::store_le<uint32_t>(out.data(), static_cast<uint32_t>(s));
  bytes::store_le<uint32_t>(out.data() + 4, payload_size);
  return out;
}

std::array<uint8_t, response_header_size> encode_error_response(status s) noexcept {
  return encode_response_header(s, 0);
}

}  // namespace whippet::protocol::binary
