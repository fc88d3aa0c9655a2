#pragma once
// Helpers for decoders built on result<T, status>. Internal to the codecs;
// nothing outside src/protocol/ should need them.
//
//   WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));  // assign, or return the failure
//   WHIPPET_TRY(expect_end(r));                           // result<void, E>: return on failure
//
// A request decoder reads its fields with a reader function and lets
// decode_request() turn the outcome into a decode_result:
//
//   return detail::decode_request<delete_topic_request>(payload, [](bytes::byte_reader& r)
//       -> result<delete_topic_request, status> { ...read the fields...; return req; });

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "base/result.h"
#include "bytes/byte_reader.h"
#include "protocol/binary/decoded_request.h"
#include "protocol/binary/status.h"

#define WHIPPET_TRY_ASSIGN(lhs, expr)                                                   \
  do {                                                                                  \
    auto whippet_try_result_ = (expr);                                                  \
    if (!whippet_try_result_) return ::whippet::fail(whippet_try_result_.error());      \
    (lhs) = std::move(whippet_try_result_).value();                                     \
  } while (0)

#define WHIPPET_TRY(expr)                                                               \
  do {                                                                                  \
    auto whippet_try_result_ = (expr);                                                  \
    if (!whippet_try_result_) return ::whippet::fail(whippet_try_result_.error());      \
  } while (0)

namespace whippet::protocol::binary::detail {

// One value that must fill the whole payload: read(reader) -> result<T, status>.
template <typename T, typename Read>
result<T, status> decode_whole(std::span<const uint8_t> payload, Read read) {
  bytes::byte_reader r(payload);
  auto v = read(r);
  if (!v) return fail(v.error());
  if (!r.empty()) return fail(status::invalid_format);
  return std::move(v).value();
}

// The outcome of reading a request's fields with `r`. A read that ran out of
// payload makes the request InvalidCommand, whatever the field: Iggy 0.8
// answers a payload shorter than its command needs with InvalidCommand
// (`bytes.len() < N` in each command's from_bytes). Bytes left unread are
// the request's trailing bytes.
template <typename T>
decode_result<T> finish_request(const bytes::byte_reader& r, result<T, status> fields) {
  if (!fields) return fail(r.overran() ? status::invalid_command : fields.error());
  return decoded_request<T>{std::move(fields).value(), r.remaining()};
}

// A request read from the front of `payload` by read(reader) -> result<T, status>.
template <typename T, typename Read>
decode_result<T> decode_request(std::span<const uint8_t> payload, Read read) {
  bytes::byte_reader r(payload);
  auto fields = read(r);
  return finish_request<T>(r, std::move(fields));
}

// A request without fields: every byte of its payload is trailing.
template <typename T>
decode_result<T> decode_empty_request(std::span<const uint8_t> payload) noexcept {
  return decoded_request<T>{T{}, payload.size()};
}

// Elements read one after the other until the reader is empty.
template <typename T, typename Read>
result<std::vector<T>, status> read_until_end(bytes::byte_reader& r, Read read) {
  std::vector<T> out;
  while (!r.empty()) {
    auto v = read(r);
    if (!v) return fail(v.error());
    out.push_back(std::move(v).value());
  }
  return out;
}

// A whole payload that is a concatenation of elements (possibly none).
template <typename T, typename Read>
result<std::vector<T>, status> decode_list(std::span<const uint8_t> payload, Read read) {
  bytes::byte_reader r(payload);
  return read_until_end<T>(r, read);
}

}  // namespace whippet::protocol::binary::detail
