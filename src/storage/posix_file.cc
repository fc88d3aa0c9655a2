#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "storage/file.h"

namespace whippet::storage {
namespace {

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

 private:
  int fd_;
};

class posix_fs final : public file_system {
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
