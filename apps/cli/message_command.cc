// whippet message (m): registers send, poll and flush.

#include "client/client.h"
#include "connection.h"
#include "message_command.h"
#include "output.h"
#include "parse.h"

namespace whippet::cli {
namespace {

struct flush_args {
  std::string stream, topic;
  uint32_t partition = 0;
  bool fsync = false;
};

void add_send(CLI::App* group, state& s) {
  auto* cmd = group->add_subcommand("send", "send messages (from the arguments, else one per line of stdin)");
  auto a = make_args<send_args>();
  cmd->add_option("stream", a->stream, "stream id or name")->required();
  cmd->add_option("topic", a->topic, "topic id or name")->required();
  cmd->add_option("messages", a->messages, "message payloads; none: read stdin, one message per line");
  auto* partition = cmd->add_option("--partition", a->partition, "send to this partition id")
                        ->check(CLI::Range(int64_t{0}, int64_t{UINT32_MAX}));
  auto* key = cmd->add_option("--key", a->key, "partition by this key (messages with one key share a partition)");
  partition->excludes(key);
  cmd->add_option("--headers", a->headers, "user headers, key:kind:value (kinds: string, bool, int8..int128, "
                                           "uint8..uint128, float32, float64, raw as hex)")
      ->expected(1, -1);
  on_run(cmd, s, [&s, a] { run_send(s, *a); });
}

void add_poll(CLI::App* group, state& s) {
  auto* cmd = group->add_subcommand("poll", "poll messages and show their payloads");
  auto a = make_args<poll_args>();
  cmd->add_option("stream", a->stream, "stream id or name")->required();
  cmd->add_option("topic", a->topic, "topic id or name")->required();
  cmd->add_option("--partition", a->partition, "partition id (default 0)")
      ->check(CLI::Range(int64_t{0}, int64_t{UINT32_MAX}));
  auto* offset = cmd->add_option("--offset", a->offset, "start at this offset (the default, from 0)")
                     ->check(CLI::Range(int64_t{0}, INT64_MAX));
  auto* first = cmd->add_flag("--first", a->first, "start at the first message");
  auto* last = cmd->add_flag("--last", a->last, "the last messages");
  auto* next = cmd->add_flag("--next", a->next, "continue after the consumer's stored offset");
  auto* timestamp = cmd->add_option("--timestamp", a->timestamp, "start at this time, in µs since the epoch")
                        ->check(CLI::Range(int64_t{0}, INT64_MAX));
  const std::vector<CLI::Option*> strategies = {offset, first, last, next, timestamp};
  for (auto* x : strategies)
    for (auto* y : strategies)
      if (x != y) x->excludes(y);
  cmd->add_option("-n,--count", a->count, "number of messages")->capture_default_str()->check(CLI::Range(1u, UINT32_MAX));
  auto* consumer = cmd->add_option("--consumer", a->consumer, "consumer id or name")->capture_default_str();
  cmd->add_option("--group", a->group,
                  "poll as a member of this consumer group (id or name): the server picks the partition; "
                  "without a start option, continue after the group's stored offset")
      ->excludes(consumer);
  cmd->add_flag("--auto-commit", a->auto_commit, "store the offset of the last message polled");
  cmd->add_option("--show-as", a->show_as, "how to show payloads")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "hex"}));
  on_run(cmd, s, [&s, a] { run_poll(s, *a); });
}

void add_flush(CLI::App* group, state& s) {
  auto* cmd = group->add_subcommand("flush", "write a partition's buffered messages to disk");
  auto a = make_args<flush_args>();
  cmd->add_option("stream", a->stream, "stream id or name")->required();
  cmd->add_option("topic", a->topic, "topic id or name")->required();
  cmd->add_option("partition", a->partition, "partition id")->required();
  cmd->add_flag("--fsync", a->fsync, "also fsync the files");
  on_run(cmd, s, [&s, a] {
    const auto stream = parse_identifier(a->stream, "stream");
    const auto topic = parse_identifier(a->topic, "topic");
    auto c = connect(s.global);
    check(c.flush_unsaved_buffer(stream, topic, a->partition, a->fsync),
          {.action = "flush partition " + std::to_string(a->partition) + " of topic " + describe_id(topic),
           .stream = describe_id(stream),
           .topic = describe_id(topic),
           .partition = std::to_string(a->partition)});
    print_done(s.global.format(), "Partition " + std::to_string(a->partition) + " of topic " + describe_id(topic) +
                                      " in stream " + describe_id(stream) + " flushed" +
                                      (a->fsync ? " and synced." : "."));
  });
}

}  // namespace

void add_message_commands(CLI::App& app, state& s) {
  auto* group = app.add_subcommand("message", "send, poll and flush messages");
  group->alias("m");
  group->require_subcommand(1);
  add_send(group, s);
  add_poll(group, s);
  add_flush(group, s);
}

}  // namespace whippet::cli
