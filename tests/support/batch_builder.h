#pragma once
// batch_builder: makes message batches the way a producer sends them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bytes/endian.h"
#include "model/message_layout.h"

namespace whippet::testkit {

class batch_builder {
 public:
  batch_builder& add(std::string_view payload, std::vector<uint8_t> user_headers = {}, uint64_t id_lo = 0) {
    const size_t at = bytes_.size();
    bytes_.resize(at + model::message_header_size + payload.size() + user_headers.size(), 0);
    uint8_t* p = bytes_.data() + at;
    bytes::store_le<uint64_t>(p + model::header_field::id, id_lo);
    bytes::store_le<uint64_t>(p + model::header_field::origin_timestamp, 1234);
    bytes::store_le<uint32_t>(p + model::header_field::user_headers_length, static_cast<uint32_t>(user_headers.size()));
    bytes::store_le<uint32_t>(p + model::header_field::payload_length, static_cast<uint32_t>(payload.size()));
    std::copy(payload.begin(), payload.end(), p + model::message_header_size);
    std::copy(user_headers.begin(), user_headers.end(), p + model::message_header_size + payload.size());
    ++count_;
    return *this;
  }

  std::vector<uint8_t>& bytes() { return bytes_; }
  uint32_t count() const { return count_; }

  // One typed header pair: key (string) -> value of `kind`.
  static std::vector<uint8_t> header(std::string_view key, uint8_t kind, std::vector<uint8_t> value) {
    std::vector<uint8_t> out;
    out.push_back(2);
    append_u32(out, static_cast<uint32_t>(key.size()));
    out.insert(out.end(), key.begin(), key.end());
    out.push_back(kind);
    append_u32(out, static_cast<uint32_t>(value.size()));
    out.insert(out.end(), value.begin(), value.end());
    return out;
  }

 private:
  static void append_u32(std::vector<uint8_t>& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t> bytes_;
  uint32_t count_ = 0;
};

}  // namespace whippet::testkit
