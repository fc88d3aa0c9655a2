#pragma once
// byte_writer: appends little-endian values to a growable byte vector.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "bytes/endian.h"

namespace whippet::bytes {

class byte_writer {
 public:
  explicit byte_writer(std::vector<uint8_t>& out) noexcept : out_(out) {}

  template <typename T>
  void write(T v) {
    const size_t at = out_.size();
    out_.resize(at + sizeof(T));
    store_le<T>(out_.data() + at, v);
  }

  void write_bytes(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void write_string(std::string_view s) { out_.insert(out_.end(), s.begin(), s.end()); }

  size_t size() const noexcept { return out_.size(); }

 private:
  std::vector<uint8_t>& out_;
};

}  // namespace whippet::bytes
