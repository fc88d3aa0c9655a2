#pragma once
// Shared by the hostile-client tests: a spawned server, what it costs
// (/proc), and raw frames.

#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../integration/api.h"
#include "protocol/binary/frame.h"
#include "protocol/binary/requests/delete_topic.h"
#include "support/raw_socket.h"
#include "support/server_process.h"

namespace whippet::testkit::hostile {

using byte_vec = std::vector<uint8_t>;
using env_map = std::map<std::string, std::string>;

inline const byte_vec k_ping{0x04, 0, 0, 0, 0x01, 0, 0, 0};
inline const byte_vec k_ok_empty{0, 0, 0, 0, 0, 0, 0, 0};

inline uint64_t rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      uint64_t kib = 0;
      in >> kib;
      return kib;
    }
    std::string rest;
    std::getline(in, rest);
  }
  return 0;
}

// User plus system CPU time of a process, in clock ticks.
inline uint64_t cpu_ticks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close_paren = stat.rfind(')');
  if (close_paren == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close_paren + 2));
  std::string field;
  uint64_t utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return utime + stime;
}

// Descriptors of `pid` that point at deleted files whose path contains `part`.
inline int deleted_files_open(pid_t pid, const std::string& part) {
  const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  int n = 0;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d)) {
      char target[4096];
      const ssize_t len = ::readlink((dir + "/" + e->d_name).c_str(), target, sizeof(target) - 1);
      if (len <= 0) continue;
      const std::string t(target, static_cast<size_t>(len));
      if (t.find(part) != std::string::npos && t.find("(deleted)") != std::string::npos) ++n;
    }
    ::closedir(d);
  }
  return n;
}

inline bool ping_ok(const std::string& address) {
  raw_socket s(address);
  if (!s.connected() || !s.send(k_ping)) return false;
  auto reply = s.recv_exact(8);
  return reply && *reply == k_ok_empty;
}

inline byte_vec login_frame(const std::string& user = "iggy", const std::string& password = "iggy") {
  const auto payload = bin::encode(bin::login_user_request{user, password, "", ""});
  return bin::encode_request(static_cast<uint32_t>(bin::command_code::login_user), payload);
}

// An 8-byte request header that claims `payload` bytes of command `code`.
inline byte_vec header_claiming(uint32_t code, uint32_t payload) {
  const auto h = bin::encode_request_header(code, payload);
  return byte_vec(h.begin(), h.end());
}

// Logs in on a raw socket; false unless the server said OK.
inline bool raw_login(raw_socket& s) {
  if (!s.send(login_frame())) return false;
  auto reply = s.recv_exact(12);
  return reply && (*reply)[0] == 0 && (*reply)[1] == 0 && (*reply)[2] == 0 && (*reply)[3] == 0;
}

// Waits until `done()` holds, checking every 20 ms, for at most `limit`.
template <typename F>
bool eventually(F done, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

}  // namespace whippet::testkit::hostile
