// Crash test: a child process appends under sync=always and is killed with
// SIGKILL at random moments; after each kill the partition is reopened and
// every acknowledged message must be there, in order, intact, and nothing
// corrupt may be served. WHIPPET_CRASH_KILLS sets the number of kills
// (default 50; scripts/soak.sh runs many more).

#include <signal.h>

#include <random>
#include <sstream>
#include <thread>

#include "crash_payload.h"
#include "storage_fixture.h"
#include "support/child_process.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace std::chrono_literals;

namespace {

int kills_to_do() {
  const char* v = std::getenv("WHIPPET_CRASH_KILLS");
  return v ? std::max(1, std::atoi(v)) : 50;
}

// The highest offset the child acknowledged, from its complete output lines.
std::optional<uint64_t> highest_ack(const std::string& output) {
  std::optional<uint64_t> best;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // an unterminated last line was cut by the kill
    if (line.rfind("ack ", 0) == 0) best = std::stoull(line.substr(4));
  }
  return best;
}

}  // namespace

TEST(crash, sigkill_during_always_appends_loses_nothing_acknowledged) {
  temp_dir dir;
  const auto partition = dir.path() / "partition";
  std::mt19937 rng(20261121);
  std::optional<uint64_t> acked;  // highest acknowledged offset over all runs
  uint64_t truncations = 0;
  const int kills = kills_to_do();

  for (int round = 0; round < kills; ++round) {
    const auto log = dir.path() / ("writer-" + std::to_string(round) + ".log");
    {
      child_process writer(WHIPPET_CRASH_WRITER_BIN, {{partition.string(), std::to_string(rng())}, {}, {}}, log);
      // Sometimes kill during start-up and recovery, mostly while appending.
      if (rng() % 4 != 0) {
        ASSERT_TRUE(writer.wait_for_output("opened", 20s).has_value()) << writer.output();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 60));
      writer.kill_now();
      if (auto a = highest_ack(writer.output())) acked = std::max(acked.value_or(0), *a);
    }

    auto reopened = storage::partition_log::open(storage::posix_file_system(), partition, crash_test_config());
    ASSERT_TRUE(reopened.ok()) << "round " << round;
    auto& p = **reopened;
    truncations += p.recovery().truncated_bytes > 0 ? 1 : 0;
    if (acked) {
      ASSERT_GT(p.next_offset(), *acked) << "round " << round << ": acknowledged messages lost";
    }

    auto r = p.read(0, UINT32_MAX, UINT64_MAX);
    ASSERT_TRUE(r.ok());
    auto bytes = storage::read_bytes(*r);
    ASSERT_TRUE(bytes.ok());
    uint64_t expected = 0;
    size_t at = 0;
    while (at < bytes->size()) {
      const storage::message_view m(bytes->data() + at);
      ASSERT_EQ(m.offset(), expected) << "round " << round;
      ASSERT_TRUE(m.checksum_ok()) << "round " << round << " offset " << expected;
      ASSERT_EQ(std::string(reinterpret_cast<const char*>(m.payload().data()), m.payload().size()),
                crash_payload(expected))
          << "round " << round;
      at += m.size();
      ++expected;
    }
    ASSERT_EQ(expected, p.next_offset());
  }
  ASSERT_TRUE(acked.has_value()) << "the writer never got to append";
  std::printf("crash test: %d kills, %llu messages acknowledged, %llu recoveries truncated a tail\n", kills,
              static_cast<unsigned long long>(*acked + 1), static_cast<unsigned long long>(truncations));
}
