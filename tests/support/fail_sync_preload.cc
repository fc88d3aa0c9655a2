// fail_sync_preload: an LD_PRELOAD library for tests that makes fdatasync and
// fsync of segment files fail with EIO while a flag file exists. The path of
// the flag is in TESTKIT_FAIL_SYNC_FLAG; a segment is a file under
// ".../partitions/..." whose name ends in ".log". Everything else, and every
// call while the flag is absent, goes to the C library.

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

using sync_fn = int (*)(int);

bool should_fail(int fd) {
  const char* flag = ::getenv("TESTKIT_FAIL_SYNC_FLAG");
  struct stat st;
  if (flag == nullptr || ::stat(flag, &st) != 0) return false;
  char link[64];
  ::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  char path[4096];
  const ssize_t n = ::readlink(link, path, sizeof path - 1);
  if (n <= 4) return false;
  path[n] = '\0';
  return ::strstr(path, "/partitions/") != nullptr && ::strcmp(path + n - 4, ".log") == 0;
}

int call_next(const char* name, int fd) {
  auto next = reinterpret_cast<sync_fn>(::dlsym(RTLD_NEXT, name));
  if (next == nullptr) {
    errno = ENOSYS;
    return -1;
  }
  return next(fd);
}

}  // namespace

extern "C" int fdatasync(int fd) {
  if (should_fail(fd)) {
    errno = EIO;
    return -1;
  }
  return call_next("fdatasync", fd);
}

extern "C" int fsync(int fd) {
  if (should_fail(fd)) {
    errno = EIO;
    return -1;
  }
  return call_next("fsync", fd);
}
