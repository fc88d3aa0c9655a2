#include "support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace whippet::testkit {
namespace {
using clock = std::chrono::steady_clock;

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// A process that ignores SIGTERM past its grace is hung: its threads' stacks go to its log
// (where the failing test prints them) before it is killed. Bounded by gdb's own timeout.
void append_stacks(pid_t pid, const std::filesystem::path& log_file) {
  if (::access("/usr/bin/gdb", X_OK) != 0) return;
  const int out = ::open(log_file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (out < 0) return;
  const std::string pid_text = std::to_string(pid);
  const pid_t gdb = ::fork();
  if (gdb == 0) {
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
    ::execl("/usr/bin/timeout", "timeout", "-s", "KILL", "30", "/usr/bin/gdb", "-batch", "-nx", "-p",
            pid_text.c_str(), "-ex", "thread apply all bt", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out);
  if (gdb > 0) {
    int status = 0;
    ::waitpid(gdb, &status, 0);
  }
}
}  // namespace

child_process::child_process(const std::filesystem::path& binary, const process_options& options,
                             const std::filesystem::path& log_file)
    : log_file_(log_file) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : options.env) env[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);

  std::vector<std::string> argv_strings{binary.string()};
  argv_strings.insert(argv_strings.end(), options.args.begin(), options.args.end());

  const int out = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out < 0) throw std::runtime_error("cannot open " + log_file.string());
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    std::vector<char*> argv, envp;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    if (!options.working_dir.empty() && ::chdir(options.working_dir.c_str()) != 0) ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out);
}

child_process::~child_process() {
  if (pid_ > 0 && !status_) stop(std::chrono::seconds(5));
}

std::string child_process::output() const {
  std::ifstream in(log_file_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<std::string> child_process::wait_for_output(const std::string& needle,
                                                          std::chrono::milliseconds timeout) const {
  const auto deadline = clock::now() + timeout;
  while (clock::now() < deadline) {
    const std::string text = output();
    const auto at = text.find(needle);
    if (at != std::string::npos) {
      const auto start = at + needle.size();
      const auto end = text.find('\n', start);
      if (end != std::string::npos) return text.substr(start, end - start);
    }
    if (status_) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

bool child_process::running() {
  if (status_) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    status_ = decode_status(status);
    return false;
  }
  return true;
}

std::optional<int> child_process::wait_exit(std::chrono::milliseconds timeout) {
  const auto deadline = clock::now() + timeout;
  while (clock::now() < deadline) {
    if (!running()) return status_;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

int child_process::stop(std::chrono::milliseconds grace) {
  if (!running()) return *status_;
  ::kill(pid_, SIGTERM);
  if (auto s = wait_exit(grace)) return *s;
  append_stacks(pid_, log_file_);
  kill_now();
  return *status_;
}

void child_process::kill_now() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  status_ = decode_status(status);
}

run_result run_command(const std::filesystem::path& binary, const process_options& options,
                       std::chrono::milliseconds timeout) {
  char tmpl[] = "/tmp/whippet-cmd-XXXXXX";
  const int fd = ::mkstemp(tmpl);
  if (fd >= 0) ::close(fd);
  run_result r;
  {
    child_process p(binary, options, tmpl);
    auto status = p.wait_exit(timeout);
    if (!status) status = p.stop(std::chrono::seconds(1));
    r.exit_code = *status;
    r.output = p.output();
  }
  ::unlink(tmpl);
  return r;
}

}  // namespace whippet::testkit
