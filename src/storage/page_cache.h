#pragma once
// page_cache: whether a byte range of a file is in the page cache, so that a
// shard can tell a sendfile that returns at once from one that would wait
// for the disk (sendfile has no non-blocking mode for the file side).

#include <cstdint>
#include <optional>

namespace whippet::storage {

// True when every page of [offset, offset + length) of `fd` is cached, false
// when one is not; nullopt when the kernel cannot say (cachestat(2) is
// Linux 6.5+), which callers treat as "not cached".
std::optional<bool> cached(int fd, uint64_t offset, uint64_t length) noexcept;

// Bytes that replies read from the disk through a ring because they were not
// cached (process-wide, for metrics and tests).
void count_cold_read(uint64_t bytes) noexcept;
uint64_t cold_bytes_read() noexcept;

}  // namespace whippet::storage
