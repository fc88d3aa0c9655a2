#pragma once
// Checksums of Whippet's formats.

#include <xxhash.h>
// Runtime dispatch to the fastest XXH3 kernel the CPU has (AVX-512, AVX2 or
// SSE2): about 2.5x the plain entry point on 1 KiB messages.
#include <xxh_x86dispatch.h>

#include <cstddef>
#include <cstdint>

namespace whippet::bytes {

// XXH3-64 with seed 0: the message checksum (Iggy 0.6+).
inline uint64_t xxh3_64(const void* data, size_t size) noexcept { return XXH3_64bits_dispatch(data, size); }

// XXH32 with seed 0: Iggy's hash of a messages key for partition choice.
inline uint32_t xxh32(const void* data, size_t size) noexcept { return XXH32(data, size, 0); }

}  // namespace whippet::bytes
