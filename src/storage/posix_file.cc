#include <dirent.h>
#include <fcntl.h>
#include <liburing.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "runtime/io_ring.h"
#include "storage/file.h"

namespace asio = boost::asio;

namespace whippet::storage {
namespace {

using runtime::io_ring;

// IORING_OP_FTRUNCATE (Linux 6.9), newer than liburing 2.3's headers.
constexpr int k_op_ftruncate = 55;

result<void, int> void_result(int res) {
  if (res < 0) return fail(-res);
  return {};
}

class posix_file final : public file {
 public:
  explicit posix_file(int fd) : fd_(fd) {}
  ~posix_file() override { ::close(fd_); }

  result<size_t, int> pwritev(const iovec* iov, int count, uint64_t position) override {
    for (;;) {
      const ssize_t n = ::pwritev(fd_, iov, count, static_cast<off_t>(position));
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return fail(errno);
    }
  }

  result<size_t, int> pread(void* buffer, size_t size, uint64_t position) override {
    for (;;) {
      const ssize_t n = ::pread(fd_, buffer, size, static_cast<off_t>(position));
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return fail(errno);
    }
  }

  result<void, int> datasync() override {
    if (::fdatasync(fd_) != 0) return fail(errno);
    return {};
  }

  result<void, int> truncate(uint64_t size) override {
    if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) return fail(errno);
    return {};
  }

  result<uint64_t, int> size() override {
    struct stat st{};
    if (::fstat(fd_, &st) != 0) return fail(errno);
    return static_cast<uint64_t>(st.st_size);
  }

  int fd() const noexcept override { return fd_; }

  result<void, int> allocate(uint64_t offset, uint64_t length) override {
    if (::fallocate(fd_, 0, static_cast<off_t>(offset), static_cast<off_t>(length)) != 0) return fail(errno);
    return {};
  }

  asio::awaitable<result<size_t, int>> async_pwritev(const iovec* iov, int count, uint64_t position) override {
    io_ring& ring = *co_await io_ring::current();
    const int fd = fd_;
    const int res = co_await ring.run([=](io_uring_sqe* s) {
      io_uring_prep_writev(s, fd, iov, static_cast<unsigned>(count), position);
    });
    if (res < 0) co_return fail(-res);
    co_return static_cast<size_t>(res);
  }

  asio::awaitable<result<size_t, int>> async_pread(void* buffer, size_t size, uint64_t position) override {
    io_ring& ring = *co_await io_ring::current();
    const int fd = fd_;
    const int res = co_await ring.run([=](io_uring_sqe* s) {
      io_uring_prep_read(s, fd, buffer, static_cast<unsigned>(std::min<size_t>(size, 1u << 30)), position);
    });
    if (res < 0) co_return fail(-res);
    co_return static_cast<size_t>(res);
  }

  asio::awaitable<result<void, int>> async_datasync() override {
    io_ring& ring = *co_await io_ring::current();
    const int fd = fd_;
    co_return void_result(co_await ring.run([=](io_uring_sqe* s) { io_uring_prep_fsync(s, fd, IORING_FSYNC_DATASYNC); }));
  }

  asio::awaitable<result<void, int>> async_truncate(uint64_t size) override {
    io_ring& ring = *co_await io_ring::current();
    if (!ring.supports(k_op_ftruncate)) co_return truncate(size);  // older kernels: inline (metadata only)
    const int fd = fd_;
    co_return void_result(
        co_await ring.run([=](io_uring_sqe* s) { io_uring_prep_rw(k_op_ftruncate, s, fd, nullptr, 0, size); }));
  }

  asio::awaitable<result<void, int>> async_allocate(uint64_t offset, uint64_t length) override {
    io_ring& ring = *co_await io_ring::current();
    const int fd = fd_;
    co_return void_result(co_await ring.run([=](io_uring_sqe* s) { io_uring_prep_fallocate(s, fd, 0, offset, length); }));
  }

 private:
  int fd_;
};

class posix_fs final : public file_system {
  static asio::awaitable<result<std::shared_ptr<file>, int>> open_on_ring(std::filesystem::path path, int flags,
                                                                        unsigned mode) {
    io_ring& ring = *co_await io_ring::current();
    const std::string p = path.string();
    const int fd = co_await ring.run([&](io_uring_sqe* s) { io_uring_prep_openat(s, AT_FDCWD, p.c_str(), flags, mode); });
    if (fd < 0) co_return fail(-fd);
    co_return std::shared_ptr<file>(std::make_shared<posix_file>(fd));
  }

 public:
  result<std::shared_ptr<file>, int> open(const std::filesystem::path& path, bool create, unsigned mode) override {
    const int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0);
    const int fd = ::open(path.c_str(), flags, static_cast<mode_t>(mode));
    if (fd < 0) return fail(errno);
    return std::shared_ptr<file>(std::make_shared<posix_file>(fd));
  }

  result<void, int> rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return fail(errno);
    return {};
  }

  result<void, int> remove(const std::filesystem::path& path) override {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return fail(errno);
    return {};
  }

  result<void, int> remove_directory(const std::filesystem::path& path) override {
    if (::rmdir(path.c_str()) != 0 && errno != ENOENT) return fail(errno);
    return {};
  }

  result<void, int> create_directories(const std::filesystem::path& path) override {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return fail(ec.value());
    return {};
  }

  result<void, int> sync_directory(const std::filesystem::path& path) override {
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return fail(errno);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) return fail(err);
    return {};
  }

  asio::awaitable<result<std::shared_ptr<file>, int>> async_open(const std::filesystem::path& path, bool create,
                                                                unsigned mode) override {
    return open_on_ring(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), mode);
  }

  asio::awaitable<result<std::shared_ptr<file>, int>> async_open_direct(const std::filesystem::path& path) override {
    return open_on_ring(path, O_WRONLY | O_CLOEXEC | O_DIRECT, 0);
  }

  asio::awaitable<result<void, int>> async_rename(const std::filesystem::path& from,
                                                  const std::filesystem::path& to) override {
    io_ring& ring = *co_await io_ring::current();
    const std::string a = from.string(), b = to.string();
    co_return void_result(co_await ring.run([&](io_uring_sqe* s) {
      io_uring_prep_renameat(s, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), 0);
    }));
  }

  asio::awaitable<result<void, int>> async_remove(const std::filesystem::path& path) override {
    io_ring& ring = *co_await io_ring::current();
    const std::string p = path.string();
    const int res = co_await ring.run([&](io_uring_sqe* s) { io_uring_prep_unlinkat(s, AT_FDCWD, p.c_str(), 0); });
    co_return void_result(res == -ENOENT ? 0 : res);
  }

  asio::awaitable<result<void, int>> async_remove_directory(const std::filesystem::path& path) override {
    io_ring& ring = *co_await io_ring::current();
    const std::string p = path.string();
    const int res =
        co_await ring.run([&](io_uring_sqe* s) { io_uring_prep_unlinkat(s, AT_FDCWD, p.c_str(), AT_REMOVEDIR); });
    co_return void_result(res == -ENOENT ? 0 : res);
  }

  asio::awaitable<result<void, int>> async_create_directories(const std::filesystem::path& path) override {
    // The directory itself first; only when its parent is missing too, the
    // parent (and so on up): one operation when the parent exists.
    io_ring& ring = *co_await io_ring::current();
    const std::string p = path.string();
    int res = co_await ring.run([&](io_uring_sqe* s) { io_uring_prep_mkdirat(s, AT_FDCWD, p.c_str(), 0755); });
    if (res == -ENOENT && path.has_parent_path() && path.parent_path() != path) {
      if (auto up = co_await async_create_directories(path.parent_path()); !up) co_return up;
      res = co_await ring.run([&](io_uring_sqe* s) { io_uring_prep_mkdirat(s, AT_FDCWD, p.c_str(), 0755); });
    }
    if (res < 0 && res != -EEXIST) co_return fail(-res);
    co_return result<void, int>{};
  }

  asio::awaitable<result<void, int>> async_sync_directory(const std::filesystem::path& path) override {
    io_ring& ring = *co_await io_ring::current();
    const std::string p = path.string();
    const int fd = co_await ring.run([&](io_uring_sqe* s) {
      io_uring_prep_openat(s, AT_FDCWD, p.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    });
    if (fd < 0) co_return fail(-fd);
    const int rc = co_await ring.run([=](io_uring_sqe* s) { io_uring_prep_fsync(s, fd, 0); });
    (void)co_await ring.run([=](io_uring_sqe* s) { io_uring_prep_close(s, fd); });
    co_return void_result(rc);
  }

  result<std::vector<std::string>, int> list(const std::filesystem::path& dir) override {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return fail(errno);
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(d)) {
      const std::string_view name(e->d_name);
      if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(d);
    return names;
  }
};

}  // namespace

file_system& posix_file_system() {
  static posix_fs fs;
  return fs;
}

}  // namespace whippet::storage
