// The defaults of the asynchronous seam: each calls its blocking twin.

#include <cerrno>

#include "storage/file.h"

namespace asio = boost::asio;

namespace whippet::storage {

result<void, int> file::allocate(uint64_t, uint64_t) { return fail(EOPNOTSUPP); }

asio::awaitable<result<size_t, int>> file::async_pwritev(const iovec* iov, int count, uint64_t position) {
  co_return pwritev(iov, count, position);
}
asio::awaitable<result<size_t, int>> file::async_pread(void* buffer, size_t size, uint64_t position) {
  co_return pread(buffer, size, position);
}
asio::awaitable<result<void, int>> file::async_datasync() { co_return datasync(); }
asio::awaitable<result<void, int>> file::async_truncate(uint64_t size) { co_return truncate(size); }
asio::awaitable<result<void, int>> file::async_allocate(uint64_t offset, uint64_t length) {
  co_return allocate(offset, length);
}

asio::awaitable<result<std::shared_ptr<file>, int>> file_system::async_open(const std::filesystem::path& path,
                                                                            bool create, unsigned mode) {
  co_return open(path, create, mode);
}
asio::awaitable<result<std::shared_ptr<file>, int>> file_system::async_open_direct(const std::filesystem::path& path) {
  co_return co_await async_open(path, false);
}
asio::awaitable<result<void, int>> file_system::async_rename(const std::filesystem::path& from,
                                                             const std::filesystem::path& to) {
  co_return rename(from, to);
}
asio::awaitable<result<void, int>> file_system::async_remove(const std::filesystem::path& path) {
  co_return remove(path);
}
asio::awaitable<result<void, int>> file_system::async_remove_directory(const std::filesystem::path& path) {
  co_return remove_directory(path);
}
asio::awaitable<result<void, int>> file_system::async_create_directories(const std::filesystem::path& path) {
  co_return create_directories(path);
}
asio::awaitable<result<void, int>> file_system::async_sync_directory(const std::filesystem::path& path) {
  co_return sync_directory(path);
}

}  // namespace whippet::storage
