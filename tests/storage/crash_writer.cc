// crash_writer: appends to a partition under sync=always until it is killed,
// printing "ack <last offset>" after each acknowledged append. Payloads are a
// function of their offset, so a checker can verify every byte after a crash.
//
// usage: crash_writer <partition dir> <seed>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>

#include "storage/partition_log.h"
#include "support/batch_builder.h"
#include "crash_payload.h"

using namespace whippet;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_writer <dir> <seed>\n");
    return 2;
  }
  auto p = storage::partition_log::open(storage::posix_file_system(), argv[1], crash_test_config());
  if (!p) {
    std::fprintf(stderr, "open failed: %s\n", std::string(storage::to_string(p.error())).c_str());
    return 1;
  }
  const auto say = [](const std::string& line) {
    const std::string l = line + "\n";
    (void)!::write(STDOUT_FILENO, l.data(), l.size());
  };
  say("opened next=" + std::to_string((*p)->next_offset()));
  std::mt19937 rng(static_cast<uint32_t>(std::stoul(argv[2])));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const uint64_t first = (*p)->next_offset();
    const uint32_t n = 1 + rng() % 40;
    testkit::batch_builder b;
    for (uint32_t i = 0; i < n; ++i) b.add(crash_payload(first + i));
    auto batch = storage::message_batch::validate(b.bytes(), b.count());
    if (!batch) return 3;
    auto r = (*p)->append(*batch);
    if (!r) {
      std::fprintf(stderr, "append failed: %s\n", std::string(storage::to_string(r.error())).c_str());
      return 1;
    }
    say("ack " + std::to_string(r->last_offset));
  }
  return 0;
}
