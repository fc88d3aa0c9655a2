#pragma once
// byte_reader: a bounds-checked cursor over a byte span. Every read reports
// failure instead of reading past the end, so decoders of untrusted input can
// turn a short buffer into an error value. A read that failed for want of
// bytes is remembered (overran()), so a caller can tell a buffer that ended
// too soon from one whose bytes were wrong.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "bytes/endian.h"

namespace whippet::bytes {

class byte_reader {
 public:
  explicit byte_reader(std::span<const uint8_t> data) noexcept : data_(data) {}

  size_t remaining() const noexcept { return data_.size() - pos_; }
  size_t position() const noexcept { return pos_; }
  bool empty() const noexcept { return remaining() == 0; }
  // Whether any read asked for more bytes than were left.
  bool overran() const noexcept { return overran_; }

  template <typename T>
  std::optional<T> read() noexcept {
    if (remaining() < sizeof(T)) {
      overran_ = true;
      return std::nullopt;
    }
    T v = load_le<T>(data_.data() + pos_);
    pos_ += sizeof(T);
    return v;
  }

  std::optional<std::span<const uint8_t>> read_bytes(size_t n) noexcept {
    if (remaining() < n) {
      overran_ = true;
      return std::nullopt;
    }
    auto s = data_.subspan(pos_, n);
    pos_ += n;
    return s;
  }

  std::optional<std::string_view> read_string(size_t n) noexcept {
    auto b = read_bytes(n);
    if (!b) return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(b->data()), b->size());
  }

 private:
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  bool overran_ = false;
};

}  // namespace whippet::bytes
