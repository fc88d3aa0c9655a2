#pragma once
// The storage engine's only seam to the operating system. Production uses
// posix_file_system; tests wrap it to inject short writes, EIO, ENOSPC and
// failing or slow syncs. Errors are errno values.
//
// Every operation comes twice: a blocking call, for start-up and tools, and
// an `async_` coroutine, for the shards, which must never block. The posix
// coroutines go through the calling shard's io_uring (runtime/io_ring.h) and
// resume on that shard; a seam that does not override one gets a default
// that calls its blocking twin (fine for in-memory fakes, which never wait).

#include <sys/uio.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "base/result.h"

namespace whippet::storage {

class file {
 public:
  virtual ~file() = default;
  // May write fewer bytes than asked (a short write); the caller continues.
  virtual result<size_t, int> pwritev(const iovec* iov, int count, uint64_t position) = 0;
  virtual result<size_t, int> pread(void* buffer, size_t size, uint64_t position) = 0;
  virtual result<void, int> datasync() = 0;
  virtual result<void, int> truncate(uint64_t size) = 0;
  virtual result<uint64_t, int> size() = 0;
  // The descriptor, for sendfile/splice by the server; -1 for in-memory fakes.
  virtual int fd() const noexcept = 0;
  // Makes [offset, offset + length) allocated on disk; the size grows to
  // cover it. EOPNOTSUPP where the file system cannot.
  virtual result<void, int> allocate(uint64_t offset, uint64_t length);

  // The same, without blocking the caller's thread. Buffers must live until
  // the coroutine resumes.
  virtual boost::asio::awaitable<result<size_t, int>> async_pwritev(const iovec* iov, int count, uint64_t position);
  virtual boost::asio::awaitable<result<size_t, int>> async_pread(void* buffer, size_t size, uint64_t position);
  virtual boost::asio::awaitable<result<void, int>> async_datasync();
  virtual boost::asio::awaitable<result<void, int>> async_truncate(uint64_t size);
  virtual boost::asio::awaitable<result<void, int>> async_allocate(uint64_t offset, uint64_t length);
};

class file_system {
 public:
  virtual ~file_system() = default;
  // Opens read-write, creating the file (with permission bits `mode`) when
  // `create` is set.
  virtual result<std::shared_ptr<file>, int> open(const std::filesystem::path& path, bool create,
                                                  unsigned mode = 0644) = 0;
  // Renames atomically (replacing `to`); durable once the directories are synced.
  virtual result<void, int> rename(const std::filesystem::path& from, const std::filesystem::path& to) = 0;
  virtual result<void, int> remove(const std::filesystem::path& path) = 0;
  // Removes an empty directory (ENOTEMPTY otherwise); one that is not there is fine.
  virtual result<void, int> remove_directory(const std::filesystem::path& path) = 0;
  virtual result<void, int> create_directories(const std::filesystem::path& path) = 0;
  // Makes the directory's entries (created or removed files) durable.
  virtual result<void, int> sync_directory(const std::filesystem::path& path) = 0;
  // File names (not paths) in `dir`.
  virtual result<std::vector<std::string>, int> list(const std::filesystem::path& dir) = 0;

  // The same, without blocking the caller's thread (list stays blocking: it
  // runs at start-up only).
  virtual boost::asio::awaitable<result<std::shared_ptr<file>, int>> async_open(const std::filesystem::path& path,
                                                                                bool create, unsigned mode = 0644);
  // Opens an existing file to write it with O_DIRECT (storage/direct_appender.h):
  // EINVAL where the file system has no direct I/O. A seam without it (the
  // in-memory fakes) opens the file as async_open does.
  virtual boost::asio::awaitable<result<std::shared_ptr<file>, int>> async_open_direct(
      const std::filesystem::path& path);
  virtual boost::asio::awaitable<result<void, int>> async_rename(const std::filesystem::path& from,
                                                                 const std::filesystem::path& to);
  virtual boost::asio::awaitable<result<void, int>> async_remove(const std::filesystem::path& path);
  virtual boost::asio::awaitable<result<void, int>> async_remove_directory(const std::filesystem::path& path);
  virtual boost::asio::awaitable<result<void, int>> async_create_directories(const std::filesystem::path& path);
  virtual boost::asio::awaitable<result<void, int>> async_sync_directory(const std::filesystem::path& path);
};

// The real file system; one instance can be shared by every partition.
file_system& posix_file_system();

}  // namespace whippet::storage
