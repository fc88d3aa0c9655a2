// Consumer groups over TCP: create, get, list, delete, join and leave; the
// partition assignment of three members and the rebalance when one leaves or
// disconnects; group polls without a partition id; and group offsets with
// auto-commit and the next strategy.

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "api.h"
#include "protocol/binary/requests/create_partitions.h"
#include "protocol/binary/requests/delete_consumer_group.h"
#include "protocol/binary/requests/delete_partitions.h"
#include "protocol/binary/requests/delete_topic.h"
#include "protocol/binary/requests/get_consumer_groups.h"
#include "protocol/binary/requests/get_consumer_offset.h"
#include "protocol/binary/requests/join_consumer_group.h"
#include "protocol/binary/requests/leave_consumer_group.h"
#include "protocol/binary/responses/consumer_offset.h"
#include "support/server_process.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace std::chrono_literals;

namespace {

class consumer_groups_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(server_.address().empty()) << server_.process().output();
    root_ = connect();
    stream_ = root_->create_stream("orders");
    topic_ = root_->create_topic(stream_, "created", 3);
  }

  std::unique_ptr<api> connect() {
    auto c = std::make_unique<api>(server_.address());
    EXPECT_EQ(c->login(), 0u);
    return c;
  }

  uint32_t join(api& c, const bin::identifier& group) {
    return c.status_of(bin::join_consumer_group_request{num(stream_), num(topic_), group});
  }
  // `n` new connections, each a member of `group`; fewer if a join failed.
  std::vector<std::unique_ptr<api>> join_members(uint32_t group, int n) {
    std::vector<std::unique_ptr<api>> members;
    for (int i = 0; i < n; ++i) {
      members.push_back(connect());
      if (join(*members.back(), num(group)) != 0) {
        ADD_FAILURE() << "member " << i << " could not join";
        members.pop_back();
      }
    }
    return members;
  }
  uint32_t leave(api& c, const bin::identifier& group) {
    return c.status_of(bin::leave_consumer_group_request{num(stream_), num(topic_), group});
  }
  uint32_t client_id(api& c) {
    auto me = c.me();
    return me ? me->client_id : UINT32_MAX;
  }
  std::vector<bin::consumer_group_response> groups() {
    return root_
        ->fetch(bin::get_consumer_groups_request{num(stream_), num(topic_)},
                [](std::span<const uint8_t> p) { return bin::decode_consumer_group_list(p); })
        .value_or(std::vector<bin::consumer_group_response>{});
  }
  bool group_unknown(const bin::identifier& g) {
    auto p = root_->payload_of(bin::get_consumer_group_request{num(stream_), num(topic_), g});
    return p && p->empty();
  }
  std::map<uint32_t, std::vector<uint32_t>> assignment(uint32_t group) {
    std::map<uint32_t, std::vector<uint32_t>> out;
    auto d = root_->get_group(stream_, topic_, num(group));
    if (!d) return out;
    EXPECT_EQ(d->group.members_count, d->members.size());
    for (const auto& m : d->members) out[m.id] = m.partitions;
    return out;
  }
  // Every partition assigned exactly once, and no member left without one.
  static void expect_partitions_covered(const std::map<uint32_t, std::vector<uint32_t>>& a, uint32_t partitions) {
    std::vector<uint32_t> all;
    for (const auto& [member, ps] : a) {
      EXPECT_FALSE(ps.empty()) << "member " << member << " has no partition";
      all.insert(all.end(), ps.begin(), ps.end());
    }
    std::sort(all.begin(), all.end());
    std::vector<uint32_t> expected(partitions);
    for (uint32_t p = 0; p < partitions; ++p) expected[p] = p;
    EXPECT_EQ(all, expected);
  }
  // A group's stored offset, asked by one of its members.
  std::optional<bin::consumer_offset_response> group_offset(api& member, uint32_t group, uint32_t partition) {
    auto p = member.payload_of(bin::get_consumer_offset_request{group_id(group), num(stream_), num(topic_), partition});
    if (!p) return std::nullopt;
    auto d = bin::decode_stored_consumer_offset(*p);
    EXPECT_TRUE(d.ok());
    return d.ok() ? *d : std::nullopt;
  }
  void fill_partitions(int per_partition) {
    for (uint32_t p = 0; p < 3; ++p) {
      std::vector<std::string> batch;
      for (int i = 0; i < per_partition; ++i) batch.push_back("p" + std::to_string(p) + "-" + std::to_string(i));
      ASSERT_EQ(root_->send(stream_, topic_, bin::partitioning::to_partition(p), batch), 0u);
    }
  }

  server_process server_;
  std::unique_ptr<api> root_;
  uint32_t stream_ = 0, topic_ = 0;
};

}  // namespace

TEST_F(consumer_groups_test, create_get_list_delete) {
  auto created = root_->fetch(bin::create_consumer_group_request{num(stream_), named("created"), "workers"},
                              [](std::span<const uint8_t> p) { return bin::decode_consumer_group_response(p); });
  ASSERT_TRUE(created);
  EXPECT_EQ(created->id, 0u);
  EXPECT_EQ(created->name, "workers");
  EXPECT_EQ(created->partitions_count, 3u);
  EXPECT_EQ(created->members_count, 0u);
  EXPECT_EQ(root_->create_group(stream_, topic_, "audit"), 1u);
  EXPECT_EQ(root_->status_of(bin::create_consumer_group_request{num(stream_), num(topic_), "workers"}),
            code(bin::status::consumer_group_name_already_exists));

  auto by_id = root_->get_group(stream_, topic_, num(0));
  auto by_name = root_->get_group(stream_, topic_, named("workers"));
  ASSERT_TRUE(by_id && by_name);
  EXPECT_EQ(by_id->group, created.value());
  EXPECT_EQ(by_name->group, created.value());
  EXPECT_TRUE(by_id->members.empty());
  EXPECT_TRUE(group_unknown(num(9)));
  EXPECT_TRUE(group_unknown(named("nope")));

  auto listed = groups();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "workers");
  EXPECT_EQ(listed[1].name, "audit");
  EXPECT_EQ(listed[1].id, 1u);

  ASSERT_EQ(root_->status_of(bin::delete_consumer_group_request{num(stream_), num(topic_), named("audit")}), 0u);
  EXPECT_EQ(groups().size(), 1u);
  EXPECT_TRUE(group_unknown(num(1)));
  EXPECT_EQ(root_->status_of(bin::delete_consumer_group_request{num(stream_), num(topic_), named("audit")}),
            code(bin::status::consumer_group_name_not_found));
  EXPECT_EQ(root_->status_of(bin::delete_consumer_group_request{num(stream_), num(topic_), num(1)}),
            code(bin::status::consumer_group_id_not_found));

  // Unknown streams and topics.
  EXPECT_EQ(root_->status_of(bin::create_consumer_group_request{num(stream_), num(9), "x"}),
            code(bin::status::topic_id_not_found));
  EXPECT_EQ(root_->status_of(bin::create_consumer_group_request{named("nope"), num(topic_), "x"}),
            code(bin::status::stream_name_not_found));
  EXPECT_EQ(root_->status_of(bin::get_consumer_groups_request{num(stream_), named("nope")}),
            code(bin::status::topic_name_not_found));
  // Groups are per topic: the same name on another topic is fine.
  const uint32_t other = root_->create_topic(stream_, "other", 1);
  EXPECT_EQ(root_->create_group(stream_, other, "workers"), 0u);
}

TEST_F(consumer_groups_test, join_and_leave) {
  const uint32_t g = root_->create_group(stream_, topic_, "workers");
  auto member = connect();
  const uint32_t id = client_id(*member);
  ASSERT_EQ(join(*member, named("workers")), 0u);
  auto a = assignment(g);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_TRUE(a.count(id)) << "the member id is the client id";
  EXPECT_EQ(a[id], (std::vector<uint32_t>{0, 1, 2}));
  auto listed = groups();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].members_count, 1u);

  // get_me lists the membership.
  auto me = member->me();
  ASSERT_TRUE(me);
  ASSERT_EQ(me->consumer_groups.size(), 1u);
  EXPECT_EQ(me->consumer_groups[0], (bin::client_consumer_group{stream_, topic_, g}));

  ASSERT_EQ(leave(*member, num(g)), 0u);
  EXPECT_TRUE(assignment(g).empty());
  EXPECT_EQ(leave(*member, num(g)), code(bin::status::consumer_group_member_not_found));
  me = member->me();
  ASSERT_TRUE(me);
  EXPECT_TRUE(me->consumer_groups.empty());

  EXPECT_EQ(join(*member, num(7)), code(bin::status::consumer_group_id_not_found));
  EXPECT_EQ(join(*member, named("nope")), code(bin::status::consumer_group_name_not_found));
  EXPECT_EQ(member->status_of(bin::join_consumer_group_request{num(stream_), num(9), num(g)}),
            code(bin::status::topic_id_not_found));

  // Deleting a group drops its members.
  ASSERT_EQ(join(*member, num(g)), 0u);
  ASSERT_EQ(root_->status_of(bin::delete_consumer_group_request{num(stream_), num(topic_), num(g)}), 0u);
  auto gone = member->poll(group_id(g), stream_, topic_, std::nullopt, bin::polling_strategy::next(), 1);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error(), code(bin::status::consumer_group_id_not_found));
  me = member->me();
  ASSERT_TRUE(me);
  EXPECT_TRUE(me->consumer_groups.empty());
}

TEST_F(consumer_groups_test, three_members_share_three_partitions_and_rebalance_on_leave) {
  const uint32_t g = root_->create_group(stream_, topic_, "workers");
  std::vector<std::unique_ptr<api>> members;
  std::vector<uint32_t> ids;
  for (int i = 0; i < 3; ++i) {
    members.push_back(connect());
    ids.push_back(client_id(*members.back()));
    ASSERT_EQ(join(*members.back(), num(g)), 0u);
  }
  auto a = assignment(g);
  ASSERT_EQ(a.size(), 3u);
  for (uint32_t id : ids) {
    ASSERT_TRUE(a.count(id)) << "client " << id << " is not listed as a member";
    EXPECT_EQ(a[id].size(), 1u) << "client " << id;
  }
  expect_partitions_covered(a, 3);
  EXPECT_EQ(groups()[0].members_count, 3u);

  ASSERT_EQ(leave(*members[1], num(g)), 0u);
  a = assignment(g);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_FALSE(a.count(ids[1]));
  expect_partitions_covered(a, 3);

  // The leaver can come back; the three partitions are again one each.
  ASSERT_EQ(join(*members[1], num(g)), 0u);
  a = assignment(g);
  ASSERT_EQ(a.size(), 3u);
  for (const auto& [id, ps] : a) EXPECT_EQ(ps.size(), 1u) << "client " << id;
  expect_partitions_covered(a, 3);
}

TEST_F(consumer_groups_test, repartitioning_rebalances_the_members) {
  const uint32_t g = root_->create_group(stream_, topic_, "workers");
  auto a = connect(), b = connect();
  ASSERT_EQ(join(*a, num(g)), 0u);
  ASSERT_EQ(join(*b, num(g)), 0u);
  expect_partitions_covered(assignment(g), 3);
  ASSERT_EQ(root_->status_of(bin::create_partitions_request{num(stream_), num(topic_), 3}), 0u);
  auto grown = assignment(g);
  ASSERT_EQ(grown.size(), 2u);
  expect_partitions_covered(grown, 6);
  for (const auto& [id, ps] : grown) EXPECT_EQ(ps.size(), 3u) << "client " << id;
  EXPECT_EQ(groups()[0].partitions_count, 6u);
  ASSERT_EQ(root_->status_of(bin::delete_partitions_request{num(stream_), num(topic_), 4}), 0u);
  auto shrunk = assignment(g);
  ASSERT_EQ(shrunk.size(), 2u);
  expect_partitions_covered(shrunk, 2);

  // More members than partitions: the extra one has nothing, and its group poll is empty.
  auto c = connect();
  ASSERT_EQ(join(*c, num(g)), 0u);
  auto crowded = assignment(g);
  ASSERT_EQ(crowded.size(), 3u);
  size_t idle = 0;
  for (const auto& [id, ps] : crowded) idle += ps.empty() ? 1 : 0;
  EXPECT_EQ(idle, 1u);
  ASSERT_EQ(root_->send(stream_, topic_, bin::partitioning::to_partition(0), {"x"}), 0u);
  ASSERT_EQ(root_->send(stream_, topic_, bin::partitioning::to_partition(1), {"y"}), 0u);
  size_t polled = 0;
  for (auto* m : {a.get(), b.get(), c.get()}) {
    auto r = m->poll(group_id(g), stream_, topic_, std::nullopt, bin::polling_strategy::first(), 10);
    ASSERT_TRUE(r.ok());
    polled += r->payloads.size();
  }
  EXPECT_EQ(polled, 2u);

  // Deleting the topic takes its groups with it.
  ASSERT_EQ(root_->status_of(bin::delete_topic_request{num(stream_), num(topic_)}), 0u);
  auto me = a->me();
  ASSERT_TRUE(me);
  EXPECT_TRUE(me->consumer_groups.empty());
}

TEST_F(consumer_groups_test, disconnected_member_is_removed_and_partitions_rebalanced) {
  const uint32_t g = root_->create_group(stream_, topic_, "workers");
  std::vector<std::unique_ptr<api>> members;
  std::vector<uint32_t> ids;
  for (int i = 0; i < 3; ++i) {
    members.push_back(connect());
    ids.push_back(client_id(*members.back()));
    ASSERT_EQ(join(*members.back(), num(g)), 0u);
  }
  ASSERT_EQ(assignment(g).size(), 3u);
  members[0].reset();  // closes the connection

  std::map<uint32_t, std::vector<uint32_t>> a;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  do {
    a = assignment(g);
    if (a.size() == 2) break;
    std::this_thread::sleep_for(20ms);
  } while (std::chrono::steady_clock::now() < deadline);
  ASSERT_EQ(a.size(), 2u) << "the disconnected member was not removed within 5 s";
  EXPECT_FALSE(a.count(ids[0]));
  EXPECT_TRUE(a.count(ids[1]) && a.count(ids[2]));
  expect_partitions_covered(a, 3);
}

TEST_F(consumer_groups_test, group_poll_without_partition_reads_only_assigned_partitions) {
  fill_partitions(4);
  const uint32_t g = root_->create_group(stream_, topic_, "workers");
  auto members = join_members(g, 3);
  ASSERT_EQ(members.size(), 3u);
  auto a = assignment(g);
  ASSERT_EQ(a.size(), 3u);
  for (auto& m : members) {
    const uint32_t id = client_id(*m);
    ASSERT_EQ(a[id].size(), 1u);
    const uint32_t mine = a[id][0];
    for (int round = 0; round < 4; ++round) {
      auto r = m->poll(group_id(g), stream_, topic_, std::nullopt, bin::polling_strategy::offset(0), 10);
      ASSERT_TRUE(r.ok());
      EXPECT_EQ(r->partition_id, mine);
      ASSERT_EQ(r->payloads.size(), 4u);
      for (const auto& p : r->payloads) EXPECT_EQ(p.rfind("p" + std::to_string(mine) + "-", 0), 0u) << p;
    }
  }

  // With two partitions a member reads both of them, and only them.
  ASSERT_EQ(leave(*members[2], num(g)), 0u);
  a = assignment(g);
  ASSERT_EQ(a.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const auto& mine = a[client_id(*members[i])];
    std::set<uint32_t> seen;
    for (int round = 0; round < 6; ++round) {
      auto r = members[i]->poll(group_id(g), stream_, topic_, std::nullopt, bin::polling_strategy::first(), 10);
      ASSERT_TRUE(r.ok());
      EXPECT_NE(std::find(mine.begin(), mine.end(), r->partition_id), mine.end())
          << "partition " << r->partition_id << " is not assigned to this member";
      seen.insert(r->partition_id);
    }
    EXPECT_EQ(seen, std::set<uint32_t>(mine.begin(), mine.end()));
  }

  // Not a member: no group poll.
  auto outsider = members[2]->poll(group_id(g), stream_, topic_, std::nullopt, bin::polling_strategy::first(), 1);
  ASSERT_FALSE(outsider.ok());
  EXPECT_EQ(outsider.error(), code(bin::status::consumer_group_member_not_found));
}

TEST_F(consumer_groups_test, a_member_polling_a_partition_of_another_member_gets_an_empty_answer) {
  fill_partitions(4);
  const uint32_t g = root_->create_group(stream_, topic_, "pickers");
  auto members = join_members(g, 3);
  ASSERT_EQ(members.size(), 3u);
  auto a = assignment(g);
  ASSERT_EQ(a.size(), 3u);
  for (auto& m : members) {
    const uint32_t mine = a[client_id(*m)].at(0);
    for (uint32_t p = 0; p < 3; ++p) {
      auto r = m->poll(group_id(g), stream_, topic_, p, bin::polling_strategy::offset(0), 10);
      ASSERT_TRUE(r.ok());
      if (p == mine) {
        EXPECT_EQ(r->partition_id, p);
        EXPECT_EQ(r->payloads.size(), 4u);
      } else {
        EXPECT_TRUE(r->payloads.empty()) << "partition " << p << " belongs to another member";
        EXPECT_EQ(r->partition_id, 0u);
        EXPECT_EQ(r->current_offset, 0u);
      }
    }
  }
  // An auto-commit poll of someone else's partition moves no group offset.
  const uint32_t mine0 = a[client_id(*members[0])].at(0);
  const uint32_t other = (mine0 + 1) % 3;
  bin::poll_messages_request req;
  req.consumer = group_id(g);
  req.stream = num(stream_);
  req.topic = num(topic_);
  req.partition_id = other;
  req.strategy = bin::polling_strategy::next();
  req.count = 10;
  req.auto_commit = true;
  ASSERT_EQ(members[0]->status_of(req), 0u);
  EXPECT_FALSE(group_offset(*members[0], g, other).has_value());
}

TEST_F(consumer_groups_test, auto_commit_continues_where_the_group_left_off) {
  fill_partitions(6);
  const uint32_t g = root_->create_group(stream_, topic_, "workers");
  // Reads `rounds` batches of `count` with next + auto-commit, by partition.
  const auto consume = [&](api& m, int rounds, uint32_t count) {
    std::map<uint32_t, std::vector<uint64_t>> by_partition;
    for (int i = 0; i < rounds; ++i) {
      auto r = m.poll(group_id(g), stream_, topic_, std::nullopt, bin::polling_strategy::next(), count, true);
      EXPECT_TRUE(r.ok());
      if (!r.ok()) break;
      auto& got = by_partition[r->partition_id];
      got.insert(got.end(), r->offsets.begin(), r->offsets.end());
    }
    return by_partition;
  };

  auto first = connect();
  ASSERT_EQ(join(*first, num(g)), 0u);
  auto read1 = consume(*first, 3, 2);
  ASSERT_EQ(read1.size(), 3u) << "one member of three partitions reads each of them in turn";
  for (uint32_t p = 0; p < 3; ++p) {
    EXPECT_EQ(read1[p], (std::vector<uint64_t>{0, 1})) << "partition " << p;
    auto stored = group_offset(*first, g, p);
    ASSERT_TRUE(stored) << "partition " << p;
    EXPECT_EQ(stored->stored_offset, 1u);
    EXPECT_EQ(stored->current_offset, 5u);
  }
  first.reset();  // the first member goes away

  auto second = connect();
  ASSERT_EQ(join(*second, num(g)), 0u);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (assignment(g).size() != 1 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  ASSERT_EQ(assignment(g).size(), 1u);
  auto read2 = consume(*second, 3, 2);
  ASSERT_EQ(read2.size(), 3u);
  for (uint32_t p = 0; p < 3; ++p) EXPECT_EQ(read2[p], (std::vector<uint64_t>{2, 3})) << "partition " << p;
  auto read3 = consume(*second, 3, 10);
  for (uint32_t p = 0; p < 3; ++p) EXPECT_EQ(read3[p], (std::vector<uint64_t>{4, 5})) << "partition " << p;
  // Caught up: next returns nothing and the offsets stay at the end.
  auto idle = consume(*second, 3, 10);
  for (const auto& [p, offsets] : idle) EXPECT_TRUE(offsets.empty()) << "partition " << p;
  for (uint32_t p = 0; p < 3; ++p) {
    auto stored = group_offset(*second, g, p);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->stored_offset, 5u);
  }

  // A single consumer's offsets are separate from the group's.
  auto solo = root_->poll(consumer_id(0), stream_, topic_, 1, bin::polling_strategy::next(), 2);
  ASSERT_TRUE(solo.ok());
  EXPECT_EQ(solo->offsets, (std::vector<uint64_t>{0, 1}));
}
