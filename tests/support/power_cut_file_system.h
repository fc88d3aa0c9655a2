#pragma once
// power_cut_file_system: an in-memory file system that keeps apart what was
// written and what was made durable, and can lose the difference, the way a
// power cut does (LevelDB's fault_injection_test, DropUnsyncedFileData, is
// the model). Under the strict POSIX model it implements:
//   - a file's bytes are durable up to its last datasync();
//   - a directory entry (a file or directory created, removed or renamed) is
//     durable only once its parent directory was synced;
//   - after power_cut() only what was durable is left, and an entry whose
//     parent directory entry was never made durable is gone with it.
// Every handle opened before a cut is dead afterwards (its writes go
// nowhere): the code under test reopens everything, as after a reboot.
//
// Thread-safe (one mutex), so code that syncs on worker threads can use it.

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "storage/file.h"

namespace whippet::testkit {

class power_cut_file_system final : public storage::file_system {
 public:
  power_cut_file_system() {
    dirs_.insert("/");
    durable_dirs_.insert("/");
  }

  // Drops everything that was not made durable.
  void power_cut() {
    std::lock_guard lock(mutex_);
    ++epoch_;
    std::map<std::string, std::shared_ptr<node>> files;
    for (const auto& [path, n] : durable_files_) {
      if (!reachable_locked(parent_of(path))) continue;
      n->data = n->durable;
      files[path] = n;
    }
    std::set<std::string> dirs;
    for (const auto& d : durable_dirs_)
      if (d == "/" || reachable_locked(parent_of(d))) dirs.insert(d);
    files_ = std::move(files);
    dirs_ = std::move(dirs);
    durable_files_ = files_;
    durable_dirs_ = dirs_;
  }

  size_t syncs() const {
    std::lock_guard lock(mutex_);
    return syncs_;
  }

  result<std::shared_ptr<storage::file>, int> open(const std::filesystem::path& p, bool create, unsigned) override {
    std::lock_guard lock(mutex_);
    const std::string path = norm(p);
    auto it = files_.find(path);
    if (it == files_.end()) {
      if (!create) return fail(ENOENT);
      if (!dirs_.count(parent_of(path))) return fail(ENOENT);
      it = files_.emplace(path, std::make_shared<node>()).first;
    }
    return std::shared_ptr<storage::file>(std::make_shared<handle>(*this, it->second, epoch_));
  }

  result<void, int> rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
    std::lock_guard lock(mutex_);
    auto it = files_.find(norm(from));
    if (it == files_.end()) return fail(ENOENT);
    auto n = it->second;
    files_.erase(it);
    files_[norm(to)] = n;
    return {};
  }

  result<void, int> remove(const std::filesystem::path& p) override {
    std::lock_guard lock(mutex_);
    files_.erase(norm(p));
    return {};
  }

  result<void, int> remove_directory(const std::filesystem::path& p) override {
    std::lock_guard lock(mutex_);
    const std::string dir = norm(p);
    const auto inside = [&](const std::string& path) { return path.size() > dir.size() && path.starts_with(dir + "/"); };
    for (const auto& [path, f] : files_)
      if (inside(path)) return fail(ENOTEMPTY);
    for (const auto& d : dirs_)
      if (inside(d)) return fail(ENOTEMPTY);
    dirs_.erase(dir);
    return {};
  }

  result<void, int> create_directories(const std::filesystem::path& p) override {
    std::lock_guard lock(mutex_);
    std::string at;
    for (const auto& part : std::filesystem::path(norm(p)).relative_path()) {
      at += "/" + part.string();
      if (files_.count(at)) return fail(ENOTDIR);
      dirs_.insert(at);
    }
    return {};
  }

  result<void, int> sync_directory(const std::filesystem::path& p) override {
    std::lock_guard lock(mutex_);
    const std::string dir = norm(p);
    if (!dirs_.count(dir)) return fail(ENOENT);
    ++syncs_;
    // The durable entries of `dir` become exactly its current ones.
    std::erase_if(durable_files_, [&](const auto& kv) { return parent_of(kv.first) == dir; });
    for (const auto& [path, n] : files_)
      if (parent_of(path) == dir) durable_files_[path] = n;
    std::erase_if(durable_dirs_, [&](const std::string& d) { return d != "/" && parent_of(d) == dir; });
    for (const auto& d : dirs_)
      if (d != "/" && parent_of(d) == dir) durable_dirs_.insert(d);
    return {};
  }

  result<std::vector<std::string>, int> list(const std::filesystem::path& p) override {
    std::lock_guard lock(mutex_);
    const std::string dir = norm(p);
    if (!dirs_.count(dir)) return fail(ENOENT);
    std::vector<std::string> out;
    for (const auto& [path, n] : files_)
      if (parent_of(path) == dir) out.push_back(std::filesystem::path(path).filename().string());
    for (const auto& d : dirs_)
      if (d != "/" && parent_of(d) == dir) out.push_back(std::filesystem::path(d).filename().string());
    return out;
  }

 private:
  struct node {
    std::vector<uint8_t> data;
    std::vector<uint8_t> durable;
  };

  class handle final : public storage::file {
   public:
    handle(power_cut_file_system& fs, std::shared_ptr<node> n, uint64_t epoch) : fs_(fs), node_(std::move(n)), epoch_(epoch) {}
    result<size_t, int> pwritev(const iovec* iov, int count, uint64_t position) override {
      std::lock_guard lock(fs_.mutex_);
      if (epoch_ != fs_.epoch_) return fail(EIO);
      size_t total = 0;
      for (int i = 0; i < count; ++i) {
        auto& d = node_->data;
        if (d.size() < position + total + iov[i].iov_len) d.resize(position + total + iov[i].iov_len);
        std::memcpy(d.data() + position + total, iov[i].iov_base, iov[i].iov_len);
        total += iov[i].iov_len;
      }
      return total;
    }
    result<size_t, int> pread(void* buffer, size_t size, uint64_t position) override {
      std::lock_guard lock(fs_.mutex_);
      const auto& d = node_->data;
      if (position >= d.size()) return size_t{0};
      const size_t n = std::min<size_t>(size, d.size() - position);
      std::memcpy(buffer, d.data() + position, n);
      return n;
    }
    result<void, int> datasync() override {
      std::lock_guard lock(fs_.mutex_);
      if (epoch_ != fs_.epoch_) return fail(EIO);
      node_->durable = node_->data;
      ++fs_.syncs_;
      return {};
    }
    result<void, int> truncate(uint64_t size) override {
      std::lock_guard lock(fs_.mutex_);
      if (epoch_ != fs_.epoch_) return fail(EIO);
      node_->data.resize(size);
      return {};
    }
    result<uint64_t, int> size() override {
      std::lock_guard lock(fs_.mutex_);
      return static_cast<uint64_t>(node_->data.size());
    }
    int fd() const noexcept override { return -1; }
    // Zeros, like a write: durable only with the next datasync.
    result<void, int> allocate(uint64_t offset, uint64_t length) override {
      std::lock_guard lock(fs_.mutex_);
      if (epoch_ != fs_.epoch_) return fail(EIO);
      if (node_->data.size() < offset + length) node_->data.resize(offset + length);
      return {};
    }

   private:
    power_cut_file_system& fs_;
    std::shared_ptr<node> node_;
    uint64_t epoch_;
  };

  static std::string norm(const std::filesystem::path& p) {
    std::string s = p.lexically_normal().string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
  }
  static std::string parent_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == 0 ? "/" : path.substr(0, slash);
  }
  // A directory is there after a cut only if every directory above it was durably entered.
  bool reachable_locked(const std::string& dir) const {
    for (std::string d = dir; d != "/"; d = parent_of(d))
      if (!durable_dirs_.count(d)) return false;
    return true;
  }

  mutable std::mutex mutex_;
  uint64_t epoch_ = 0;
  size_t syncs_ = 0;
  std::map<std::string, std::shared_ptr<node>> files_, durable_files_;
  std::set<std::string> dirs_, durable_dirs_;
};

}  // namespace whippet::testkit
