#pragma once
// Helpers for decoders built on result<T, status>. Internal to the codecs;
// nothing outside src/protocol/ should need them.
//
//   WHIPPET_TRY_ASSIGN(req.stream, read_identifier(r));  // assign, or return the failure
//   WHIPPET_TRY(expect_end(r));                           // result<void, E>: return on failure

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "base/result.h"
#include "bytes/byte_reader.h"
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
