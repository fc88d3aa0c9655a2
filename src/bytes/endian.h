#pragma once
// Little-endian loads and stores: every integer on Whippet's wire and disk
// formats is little-endian.

#include <bit>
#include <concepts>
#include <cstdint>
#include <cstring>

namespace whippet::bytes {

static_assert(std::endian::native == std::endian::little, "Whippet targets little-endian machines");

template <typename T>
  requires std::integral<T> || std::floating_point<T>
inline T load_le(const uint8_t* p) noexcept {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <typename T>
  requires std::integral<T> || std::floating_point<T>
inline void store_le(uint8_t* p, T v) noexcept {
  std::memcpy(p, &v, sizeof(T));
}

}  // namespace whippet::bytes
