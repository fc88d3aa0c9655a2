// Out of space: the client is told so, nothing acknowledged is lost, nothing
// refused comes back after a restart, a de-duplicated retry is stored, and
// appends work again once space is freed, without a restart. Runs on a small
// tmpfs mounted for the test (needs root, as CI and the dev machines run).
// A partition whose segment sync fails is listed in get_stats as failed
// until its next append reopens it from disk.

#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cstdlib>

#include "protocol/binary/requests/get_stats.h"
#include "protocol/binary/responses/stats.h"

#include "hostile.h"
#include "support/faulty_file_system.h"
#include "support/in_process_server.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace whippet::testkit::hostile;
using namespace std::chrono_literals;

namespace {

constexpr uint32_t k_batch = 64;

// A batch of k_batch messages of 4 KiB with ids from `first_id`.
std::vector<uint8_t> batch_body(uint32_t stream, uint32_t topic, uint64_t first_id) {
  batch_builder b;
  const std::string payload(4096, 'f');
  for (uint32_t i = 0; i < k_batch; ++i) b.add(payload, {}, first_id + i);
  return bin::encode_send_messages(num(stream), num(topic), bin::partitioning::to_partition(0), b.bytes(), b.count());
}

uint32_t send_body(api& c, const std::vector<uint8_t>& body) {
  auto r = c.raw(bin::command_code::send_messages, body);
  return r.ok() ? 0 : (r.error().status ? r.error().status : 1);
}

// Every message id in the partition, polled from the start.
std::vector<uint64_t> stored_ids(api& c, uint32_t stream, uint32_t topic) {
  std::vector<uint64_t> ids;
  uint64_t next = 0;
  for (int round = 0; round < 1000; ++round) {
    auto r = c.call(bin::poll_messages_request{consumer_id(1), num(stream), num(topic), 0,
                                               bin::polling_strategy::offset(next), 500, false});
    if (!r.ok()) break;
    auto d = bin::decode_polled_messages(*r);
    if (!d.ok() || d->header.messages_count == 0) break;
    size_t at = 0;
    for (uint32_t i = 0; i < d->header.messages_count; ++i) {
      const storage::message_view m(d->messages.data() + at);
      EXPECT_TRUE(m.checksum_ok());
      ids.push_back(bytes::load_le<uint64_t>(d->messages.data() + at + model::header_field::id));
      next = m.offset() + 1;
      at += m.size();
    }
  }
  return ids;
}

class disk_full : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs needs root";
    mnt_ = dir_.path() / "mnt";
    std::filesystem::create_directories(mnt_);
    ASSERT_EQ(::mount("tmpfs", mnt_.c_str(), "tmpfs", 0, "size=12m"), 0) << std::strerror(errno);
    mounted_ = true;
    // Space the "operator" frees later.
    std::ofstream(mnt_ / "ballast", std::ios::binary) << std::string(3u << 20, 'b');
  }
  void TearDown() override {
    if (mounted_) ::umount2(mnt_.c_str(), MNT_DETACH);
  }

  temp_dir dir_;
  std::filesystem::path mnt_;
  bool mounted_ = false;
};

}  // namespace

TEST_F(disk_full, refused_batches_never_come_back_and_appends_resume_once_space_is_freed) {
  server_process server(env_map{{"WHIPPET_SYSTEM_PATH", (mnt_ / "data").string()},
                                {"WHIPPET_SYSTEM_MESSAGE_DEDUPLICATION_ENABLED", "true"},
                                {"WHIPPET_SYSTEM_PARTITION_ENFORCE_FSYNC", "true"}});
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  api c(server.address());
  ASSERT_EQ(c.login(), 0u);
  const uint32_t s = c.create_stream("s");
  const uint32_t t = c.create_topic(s, "t", 1);

  std::vector<uint64_t> acked;
  uint64_t next_id = 1;
  uint32_t refusal = 0;
  std::vector<uint8_t> refused_body;
  for (int i = 0; i < 200 && refusal == 0; ++i) {
    const auto body = batch_body(s, t, next_id);
    refusal = send_body(c, body);
    if (refusal == 0) {
      for (uint32_t k = 0; k < k_batch; ++k) acked.push_back(next_id + k);
    } else {
      refused_body = body;
    }
    next_id += k_batch;
  }
  ASSERT_EQ(refusal, code(bin::status::topic_full)) << "the disk never filled, or the status does not say so";
  ASSERT_FALSE(acked.empty());
  // Still full: the retry is refused again, not acknowledged as a duplicate.
  EXPECT_EQ(send_body(c, refused_body), code(bin::status::topic_full));
  EXPECT_EQ(stored_ids(c, s, t), acked);

  // The operator frees space; the same batch (same ids) is now stored whole.
  std::filesystem::remove(mnt_ / "ballast");
  ASSERT_EQ(send_body(c, refused_body), 0u) << server.process().output();
  const uint64_t retried_from = next_id - k_batch;
  for (uint32_t k = 0; k < k_batch; ++k) acked.push_back(retried_from + k);
  // Sent once more, it is a duplicate now: acknowledged, stored once.
  EXPECT_EQ(send_body(c, refused_body), 0u);
  EXPECT_EQ(stored_ids(c, s, t), acked);

  // After a restart: exactly what was acknowledged, nothing of the refusals.
  server.restart();
  ASSERT_FALSE(server.address().empty()) << server.process().output();
  api after(server.address());
  ASSERT_EQ(after.login(), 0u);
  EXPECT_EQ(stored_ids(after, s, t), acked);
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

namespace {

std::vector<bin::partition_address> failed_partitions(api& c) {
  auto r = c.call(bin::get_stats_request{});
  EXPECT_TRUE(r.ok());
  if (!r.ok()) return {};
  auto d = bin::decode_stats_response(*r);
  EXPECT_TRUE(d.ok());
  return d.ok() ? d->failed_partitions : std::vector<bin::partition_address>{};
}

}  // namespace

// In process, over a seam that fails segment syncs on demand (the shards
// sync through their rings, where no preloaded library can reach).
TEST(failing_sync, a_partition_whose_sync_failed_is_in_get_stats_until_it_reopens) {
  fault_plan plan;
  plan.only_paths_with = ".log";
  faulty_file_system fs(plan);
  in_process_server server(fs, {{"WHIPPET_SYSTEM_PARTITION_ENFORCE_FSYNC", "true"}});
  ASSERT_FALSE(server.address().empty());
  api c(server.address());
  ASSERT_EQ(c.login(), 0u);
  const uint32_t s = c.create_stream("s");
  const uint32_t t = c.create_topic(s, "t", 2);
  ASSERT_EQ(send_body(c, batch_body(s, t, 1)), 0u);
  EXPECT_TRUE(failed_partitions(c).empty());

  plan.fail_syncs_after = plan.syncs.load();
  testing::internal::CaptureStderr();
  EXPECT_NE(send_body(c, batch_body(s, t, 1000)), 0u) << "a send whose fdatasync failed was acknowledged";
  const std::string logged = testing::internal::GetCapturedStderr();
  const auto failed = failed_partitions(c);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0], (bin::partition_address{s, t, 0}));
  EXPECT_NE(logged.find("while syncing"), std::string::npos) << "not in the log: " << logged;

  // The disk recovers: the next append reopens the partition from disk and
  // it leaves the list; what was acknowledged is all there.
  plan.fail_syncs_after = -1;
  ASSERT_EQ(send_body(c, batch_body(s, t, 2000)), 0u);
  EXPECT_TRUE(failed_partitions(c).empty());
  std::vector<uint64_t> expected;
  for (uint64_t id : {1ull, 2000ull})
    for (uint32_t k = 0; k < k_batch; ++k) expected.push_back(id + k);
  EXPECT_EQ(stored_ids(c, s, t), expected);
}
