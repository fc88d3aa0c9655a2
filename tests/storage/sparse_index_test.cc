#include <gtest/gtest.h>

#include "storage/sparse_index.h"

using whippet::storage::index_entry;
using whippet::storage::sparse_index;

namespace {
sparse_index sample() {
  sparse_index idx;
  idx.push_back({0, 0, 100});
  idx.push_back({10, 4096, 200});
  idx.push_back({25, 8200, 300});
  return idx;
}

std::vector<uint8_t> encode_all(const sparse_index& idx) {
  std::vector<uint8_t> out(idx.size() * 16);
  for (size_t i = 0; i < idx.size(); ++i) sparse_index::encode(idx.entries()[i], out.data() + i * 16);
  return out;
}
}  // namespace

TEST(sparse_index, floor_by_offset) {
  auto idx = sample();
  EXPECT_EQ(idx.floor_offset(0)->position, 0u);
  EXPECT_EQ(idx.floor_offset(9)->position, 0u);
  EXPECT_EQ(idx.floor_offset(10)->position, 4096u);
  EXPECT_EQ(idx.floor_offset(1000)->position, 8200u);
  EXPECT_FALSE(sparse_index().floor_offset(0).has_value());
}

TEST(sparse_index, floor_by_position) {
  auto idx = sample();
  EXPECT_EQ(idx.floor_position(4095)->relative_offset, 0u);
  EXPECT_EQ(idx.floor_position(4096)->relative_offset, 10u);
  EXPECT_EQ(idx.floor_position(99999)->relative_offset, 25u);
}

TEST(sparse_index, last_entry_before_timestamp) {
  auto idx = sample();
  EXPECT_FALSE(idx.last_before_timestamp(100).has_value());
  EXPECT_EQ(idx.last_before_timestamp(101)->relative_offset, 0u);
  EXPECT_EQ(idx.last_before_timestamp(200)->relative_offset, 0u);
  EXPECT_EQ(idx.last_before_timestamp(201)->relative_offset, 10u);
  EXPECT_EQ(idx.last_before_timestamp(1000)->relative_offset, 25u);
}

TEST(sparse_index, encodes_sixteen_bytes_little_endian) {
  std::array<uint8_t, 16> out{};
  sparse_index::encode({0x01020304, 0x0a0b0c0d, 0x1122334455667788}, out.data());
  const std::array<uint8_t, 16> expected{0x04, 0x03, 0x02, 0x01, 0x0d, 0x0c, 0x0b, 0x0a,
                                         0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11};
  EXPECT_EQ(out, expected);
}

TEST(sparse_index, round_trips) {
  auto idx = sample();
  auto decoded = sparse_index::decode(encode_all(idx), 10000);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->entries(), idx.entries());
}

TEST(sparse_index, decode_refuses_damage) {
  auto bytes = encode_all(sample());
  EXPECT_FALSE(sparse_index::decode(std::span(bytes.data(), bytes.size() - 3), 10000).has_value());  // partial entry
  EXPECT_FALSE(sparse_index::decode(bytes, 8000).has_value());  // position past the log
  auto swapped = bytes;
  std::swap_ranges(swapped.begin(), swapped.begin() + 16, swapped.begin() + 16);
  EXPECT_FALSE(sparse_index::decode(swapped, 10000).has_value());  // not increasing
  auto zeros = std::vector<uint8_t>(48, 0);
  EXPECT_FALSE(sparse_index::decode(zeros, 10000).has_value());  // a zeroed tail, as after a crash
}

TEST(sparse_index, truncate_at_position) {
  auto idx = sample();
  idx.truncate_at_position(4096);
  ASSERT_EQ(idx.size(), 1u);
  idx.truncate_at_position(0);
  EXPECT_TRUE(idx.empty());
}
