// whippet partition (p): create, delete; whippet segment (seg): delete.

#include "client/client.h"
#include "commands.h"
#include "connection.h"
#include "output.h"
#include "parse.h"

namespace whippet::cli {
namespace {

struct partition_args {
  std::string stream, topic;
  uint32_t partition = 0;
  uint32_t count = 0;
};

target topic_target(const std::string& action, const bin::identifier& stream, const bin::identifier& topic) {
  return {.action = action, .stream = describe_id(stream), .topic = describe_id(topic)};
}

}  // namespace

void add_partition_commands(CLI::App& app, state& s) {
  auto* group = app.add_subcommand("partition", "add or remove partitions of a topic");
  group->alias("p");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand("create", "add partitions to a topic");
    auto a = make_args<partition_args>();
    cmd->add_option("stream", a->stream, "stream id or name")->required();
    cmd->add_option("topic", a->topic, "topic id or name")->required();
    cmd->add_option("count", a->count, "number of partitions to add")->required()->check(CLI::Range(1u, 100000u));
    on_run(cmd, s, [&s, a] {
      const auto stream = parse_identifier(a->stream, "stream");
      const auto topic = parse_identifier(a->topic, "topic");
      auto c = connect(s.global);
      check(c.create_partitions(stream, topic, a->count),
            topic_target("add partitions to topic " + describe_id(topic), stream, topic));
      print_done(s.global.format(), std::to_string(a->count) + " partition(s) added to topic " + describe_id(topic) +
                                        " in stream " + describe_id(stream) + ".");
    });
  }
  {
    auto* cmd = group->add_subcommand("delete", "remove the last partitions of a topic, with their messages");
    auto a = make_args<partition_args>();
    cmd->add_option("stream", a->stream, "stream id or name")->required();
    cmd->add_option("topic", a->topic, "topic id or name")->required();
    cmd->add_option("count", a->count, "number of partitions to remove")->required()->check(CLI::Range(1u, 100000u));
    on_run(cmd, s, [&s, a] {
      const auto stream = parse_identifier(a->stream, "stream");
      const auto topic = parse_identifier(a->topic, "topic");
      auto c = connect(s.global);
      check(c.delete_partitions(stream, topic, a->count),
            topic_target("remove partitions from topic " + describe_id(topic), stream, topic));
      print_done(s.global.format(), std::to_string(a->count) + " partition(s) removed from topic " +
                                        describe_id(topic) + " in stream " + describe_id(stream) + ".");
    });
  }

  auto* segments = app.add_subcommand("segment", "manage the segments of a partition");
  segments->alias("seg");
  segments->require_subcommand(1);
  {
    auto* cmd = segments->add_subcommand("delete", "delete the oldest segments of a partition");
    auto a = make_args<partition_args>();
    cmd->add_option("stream", a->stream, "stream id or name")->required();
    cmd->add_option("topic", a->topic, "topic id or name")->required();
    cmd->add_option("partition", a->partition, "partition id")->required();
    cmd->add_option("count", a->count, "number of segments to delete")->required()->check(CLI::Range(1u, 1000000u));
    on_run(cmd, s, [&s, a] {
      const auto stream = parse_identifier(a->stream, "stream");
      const auto topic = parse_identifier(a->topic, "topic");
      target t = topic_target("delete segments of partition " + std::to_string(a->partition), stream, topic);
      t.partition = std::to_string(a->partition);
      auto c = connect(s.global);
      check(c.delete_segments(stream, topic, a->partition, a->count), t);
      print_done(s.global.format(), std::to_string(a->count) + " segment(s) deleted from partition " +
                                        t.partition + " of topic " + t.topic + " in stream " + t.stream + ".");
    });
  }
}

}  // namespace whippet::cli
