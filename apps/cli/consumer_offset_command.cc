// whippet consumer-offset (o): get, set.

#include "client/client.h"
#include "commands.h"
#include "connection.h"
#include "output.h"
#include "parse.h"

namespace whippet::cli {
namespace {

struct offset_args {
  std::string consumer, stream, topic;
  uint64_t offset = 0;
  int64_t partition = -1;  // -1: not given (the server picks partition 0)
  bool group = false;
};

struct resolved {
  bin::consumer consumer;
  bin::identifier stream, topic;
  std::optional<uint32_t> partition;
  target t;
  std::string who;  // "consumer 1" or "consumer group 'g'"
};

void add_common(CLI::App* cmd, offset_args& a) {
  cmd->add_option("consumer", a.consumer, "consumer id or name (a consumer group's with --group)")->required();
  cmd->add_option("stream", a.stream, "stream id or name")->required();
  cmd->add_option("topic", a.topic, "topic id or name")->required();
  cmd->add_option("--partition", a.partition, "partition id (default: 0)")->check(CLI::Range(int64_t{0}, int64_t{UINT32_MAX}));
  cmd->add_flag("--group", a.group, "the consumer is a consumer group");
}

resolved resolve(const offset_args& a, const std::string& action) {
  resolved r;
  const auto id = parse_identifier(a.consumer, a.group ? "consumer group" : "consumer");
  r.consumer = a.group ? bin::consumer::group(id) : bin::consumer::single(id);
  r.stream = parse_identifier(a.stream, "stream");
  r.topic = parse_identifier(a.topic, "topic");
  if (a.partition >= 0) r.partition = static_cast<uint32_t>(a.partition);
  r.who = (a.group ? "consumer group " : "consumer ") + describe_id(id);
  r.t = {.action = action + " the offset of " + r.who,
         .stream = describe_id(r.stream),
         .topic = describe_id(r.topic),
         .partition = r.partition ? std::to_string(*r.partition) : "",
         .group = a.group ? describe_id(id) : ""};
  return r;
}

}  // namespace

void add_consumer_offset_commands(CLI::App& app, state& s) {
  auto* group = app.add_subcommand("consumer-offset", "read and store consumer offsets");
  group->alias("o");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand("get", "show a consumer's stored offset");
    auto a = make_args<offset_args>();
    add_common(cmd, *a);
    on_run(cmd, s, [&s, a] {
      const resolved r = resolve(*a, "get");
      auto c = connect(s.global);
      const auto offset = check(c.get_consumer_offset(r.consumer, r.stream, r.topic, r.partition), r.t);
      if (!offset)
        command_error("no offset stored for " + r.who + " in topic " + r.t.topic + " of stream " + r.t.stream +
                      (r.partition ? " (partition " + r.t.partition + ")" : ""));
      print_record(s.global.format(), record()
                                          .add("consumer", text_cell(r.who))
                                          .add("partition_id", number_cell(offset->partition_id))
                                          .add("current_offset", number_cell(offset->current_offset))
                                          .add("stored_offset", number_cell(offset->stored_offset)));
    });
  }
  {
    auto* cmd = group->add_subcommand("set", "store a consumer's offset");
    auto a = make_args<offset_args>();
    add_common(cmd, *a);
    cmd->add_option("offset", a->offset, "offset to store")->required();
    on_run(cmd, s, [&s, a] {
      const resolved r = resolve(*a, "set");
      auto c = connect(s.global);
      check(c.store_consumer_offset(r.consumer, r.stream, r.topic, r.partition, a->offset), r.t);
      print_done(s.global.format(), "Offset " + std::to_string(a->offset) + " stored for " + r.who + " in topic " +
                                        r.t.topic + " of stream " + r.t.stream + ".");
    });
  }
}

}  // namespace whippet::cli
