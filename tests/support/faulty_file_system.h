#pragma once
// faulty_file_system: the real file system with faults on demand, for the
// storage engine's seam. Faults: short writes, a failing write (any errno,
// e.g. EIO or ENOSPC), a failing or slow fdatasync; counters of writes and
// syncs. The asynchronous operations see the same faults; a slow sync waits
// on a timer there, so it blocks no thread.

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "runtime/shard_pool.h"
#include "storage/file.h"

namespace whippet::testkit {

struct fault_plan {
  std::atomic<int> fail_writes_after{-1};   // writes that succeed before failures start; -1 = never
  std::atomic<int> write_errno{EIO};
  std::atomic<int> fail_syncs_after{-1};    // syncs that succeed before failures start; -1 = never
  std::atomic<bool> short_writes{false};    // every write stores at most half of what it is given (>= 1 byte)
  std::atomic<int> sync_delay_ms{0};        // each fdatasync takes at least this long
  std::atomic<bool> fail_truncates{false};  // every truncate fails with EIO
  std::atomic<int> read_delay_ms{0};        // each asynchronous read takes at least this long
  std::atomic<int> writes{0};
  std::atomic<int> syncs{0};
  std::atomic<uint64_t> bytes_read{0};      // by the asynchronous reads
  // Of the asynchronous writes and syncs: how far the files were written,
  // how far they were durable (what was written when the last successful
  // sync began), and how many writes went down while a sync was in flight.
  std::atomic<uint64_t> written_end{0};
  std::atomic<uint64_t> durable_end{0};
  std::atomic<int> syncs_in_flight{0};
  std::atomic<int> writes_during_sync{0};
  // Only files whose path contains this get the faults (and are counted);
  // empty: every file. Set before the files are opened.
  std::string only_paths_with;
};

class faulty_file final : public storage::file {
 public:
  faulty_file(std::shared_ptr<storage::file> inner, fault_plan& plan, const std::filesystem::path& path)
      : inner_(std::move(inner)), plan_(plan),
        faulty_(plan.only_paths_with.empty() || path.string().find(plan.only_paths_with) != std::string::npos) {}

  result<size_t, int> pwritev(const iovec* iov, int count, uint64_t position) override {
    if (auto err = write_fault()) return whippet::fail(*err);
    if (faulty_ && plan_.short_writes.load()) {
      const auto cut = halved(iov, count);
      return inner_->pwritev(cut.data(), static_cast<int>(cut.size()), position);
    }
    return inner_->pwritev(iov, count, position);
  }
  result<size_t, int> pread(void* b, size_t s, uint64_t p) override { return inner_->pread(b, s, p); }
  result<void, int> datasync() override {
    if (auto err = sync_fault()) return whippet::fail(*err);
    if (const int ms = delay_ms(); ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return inner_->datasync();
  }
  result<void, int> truncate(uint64_t s) override {
    if (faulty_ && plan_.fail_truncates) return fail(EIO);
    return inner_->truncate(s);
  }
  result<uint64_t, int> size() override { return inner_->size(); }
  int fd() const noexcept override { return inner_->fd(); }
  result<void, int> allocate(uint64_t o, uint64_t n) override { return inner_->allocate(o, n); }

  boost::asio::awaitable<result<size_t, int>> async_pwritev(const iovec* iov, int count, uint64_t position) override {
    if (auto err = write_fault()) co_return whippet::fail(*err);
    if (faulty_ && plan_.syncs_in_flight.load() > 0) ++plan_.writes_during_sync;
    auto r = faulty_ && plan_.short_writes.load()
                 ? co_await short_write(iov, count, position)
                 : co_await inner_->async_pwritev(iov, count, position);
    if (r && faulty_) {
      const uint64_t end = position + *r;
      uint64_t seen = plan_.written_end.load();
      while (seen < end && !plan_.written_end.compare_exchange_weak(seen, end)) {
      }
    }
    co_return r;
  }
  boost::asio::awaitable<result<size_t, int>> async_pread(void* b, size_t s, uint64_t p) override {
    if (faulty_) co_await pause(plan_.read_delay_ms.load());
    auto r = co_await inner_->async_pread(b, s, p);
    if (r && faulty_) plan_.bytes_read += *r;
    co_return r;
  }
  // The delay comes first, so a sync that fails has been in flight as long
  // as one that succeeds.
  boost::asio::awaitable<result<void, int>> async_datasync() override {
    if (!faulty_) co_return co_await inner_->async_datasync();
    const uint64_t covers = plan_.written_end.load();
    ++plan_.syncs_in_flight;
    co_await pause(delay_ms());
    result<void, int> r;
    if (auto err = sync_fault()) {
      r = whippet::fail(*err);
    } else {
      r = co_await inner_->async_datasync();
    }
    --plan_.syncs_in_flight;
    if (r) plan_.durable_end = std::max(plan_.durable_end.load(), covers);
    co_return r;
  }
  boost::asio::awaitable<result<void, int>> async_truncate(uint64_t s) override {
    if (faulty_ && plan_.fail_truncates) co_return whippet::fail(EIO);
    co_return co_await inner_->async_truncate(s);
  }
  boost::asio::awaitable<result<void, int>> async_allocate(uint64_t o, uint64_t n) override {
    return inner_->async_allocate(o, n);
  }

 private:
  // The error this write fails with, if the plan says it fails.
  // Waits on a timer, holding no thread: on the thread the coroutine runs on
  // (after a hop, not its executor's).
  static boost::asio::awaitable<void> pause(int ms) {
    if (ms <= 0) co_return;
    boost::asio::any_io_executor here = co_await boost::asio::this_coro::executor;
    if (auto* ctx = runtime::shard_pool::current_context()) here = ctx->get_executor();
    boost::asio::steady_timer timer(here, std::chrono::milliseconds(ms));
    co_await timer.async_wait(boost::asio::bind_executor(here, boost::asio::use_awaitable));
  }
  boost::asio::awaitable<result<size_t, int>> short_write(const iovec* iov, int count, uint64_t position) {
    const auto cut = halved(iov, count);
    co_return co_await inner_->async_pwritev(cut.data(), static_cast<int>(cut.size()), position);
  }
  int delay_ms() const { return faulty_ ? plan_.sync_delay_ms.load() : 0; }
  std::optional<int> write_fault() {
    if (!faulty_) return std::nullopt;
    const int n = plan_.writes.fetch_add(1);
    const int after = plan_.fail_writes_after.load();
    if (after >= 0 && n >= after) return plan_.write_errno.load();
    return std::nullopt;
  }
  std::optional<int> sync_fault() {
    if (!faulty_) return std::nullopt;
    const int n = plan_.syncs.fetch_add(1);
    const int after = plan_.fail_syncs_after.load();
    if (after >= 0 && n >= after) return EIO;
    return std::nullopt;
  }
  // At most half of what `iov` holds (at least one byte): a short write.
  static std::vector<iovec> halved(const iovec* iov, int count) {
    size_t total = 0;
    for (int i = 0; i < count; ++i) total += iov[i].iov_len;
    size_t budget = std::max<size_t>(1, total / 2);
    std::vector<iovec> cut;
    for (int i = 0; i < count && budget > 0; ++i) {
      const size_t take = std::min(budget, iov[i].iov_len);
      cut.push_back({iov[i].iov_base, take});
      budget -= take;
    }
    return cut;
  }

  std::shared_ptr<storage::file> inner_;
  fault_plan& plan_;
  const bool faulty_;
};

class faulty_file_system final : public storage::file_system {
 public:
  explicit faulty_file_system(fault_plan& plan) : plan_(plan) {}

  result<std::shared_ptr<storage::file>, int> open(const std::filesystem::path& path, bool create,
                                                   unsigned mode = 0644) override {
    auto f = real().open(path, create, mode);
    if (!f) return f;
    return std::shared_ptr<storage::file>(std::make_shared<faulty_file>(std::move(*f), plan_, path));
  }
  result<void, int> remove(const std::filesystem::path& p) override { return real().remove(p); }
  result<void, int> remove_directory(const std::filesystem::path& p) override { return real().remove_directory(p); }
  result<void, int> rename(const std::filesystem::path& a, const std::filesystem::path& b) override {
    return real().rename(a, b);
  }
  result<void, int> create_directories(const std::filesystem::path& p) override { return real().create_directories(p); }
  result<void, int> sync_directory(const std::filesystem::path& p) override { return real().sync_directory(p); }
  result<std::vector<std::string>, int> list(const std::filesystem::path& d) override { return real().list(d); }

  boost::asio::awaitable<result<std::shared_ptr<storage::file>, int>> async_open(const std::filesystem::path& path,
                                                                                 bool create,
                                                                                 unsigned mode = 0644) override {
    auto f = co_await real().async_open(path, create, mode);
    if (!f) co_return f;
    co_return std::shared_ptr<storage::file>(std::make_shared<faulty_file>(std::move(*f), plan_, path));
  }
  boost::asio::awaitable<result<void, int>> async_remove(const std::filesystem::path& p) override {
    return real().async_remove(p);
  }
  boost::asio::awaitable<result<void, int>> async_remove_directory(const std::filesystem::path& p) override {
    return real().async_remove_directory(p);
  }
  boost::asio::awaitable<result<void, int>> async_rename(const std::filesystem::path& a,
                                                         const std::filesystem::path& b) override {
    return real().async_rename(a, b);
  }
  boost::asio::awaitable<result<void, int>> async_create_directories(const std::filesystem::path& p) override {
    return real().async_create_directories(p);
  }
  boost::asio::awaitable<result<void, int>> async_sync_directory(const std::filesystem::path& p) override {
    return real().async_sync_directory(p);
  }

 private:
  static storage::file_system& real() { return storage::posix_file_system(); }
  fault_plan& plan_;
};

}  // namespace whippet::testkit
