// whippet topic (t): create, delete, update, get, list, purge.

#include "client/client.h"
#include "commands.h"
#include "connection.h"
#include "output.h"
#include "parse.h"
#include "views.h"

namespace whippet::cli {
namespace {

struct topic_settings {
  std::string message_expiry;  // empty: the server default (create) or unchanged (update)
  std::string max_topic_size;
  std::string compression;
  int replication_factor = -1;  // -1: none (create) or unchanged (update)
};

void add_settings_options(CLI::App* cmd, topic_settings& t) {
  cmd->add_option("--message-expiry", t.message_expiry,
                  "how long messages are kept: a duration (30s, 15m, 2h, 7d), none, or default");
  cmd->add_option("--max-topic-size", t.max_topic_size, "a size (500MB, 10GiB), unlimited, or default");
  cmd->add_option("--compression", t.compression, "compression algorithm")->check(CLI::IsMember({"none", "gzip"}));
  cmd->add_option("--replication-factor", t.replication_factor, "replication factor (0: none)")
      ->check(CLI::Range(0, 255));
}

bin::compression_algorithm compression_of(const std::string& name) {
  return name == "gzip" ? bin::compression_algorithm::gzip : bin::compression_algorithm::none;
}

struct topic_args {
  std::string stream, topic, name;
  uint32_t partitions = 0;
  topic_settings settings;
};

target topic_target(const std::string& action, const bin::identifier& stream, const bin::identifier& topic) {
  return {.action = action + " topic " + describe_id(topic) + " in stream " + describe_id(stream),
          .stream = describe_id(stream),
          .topic = describe_id(topic)};
}

}  // namespace

void add_topic_commands(CLI::App& app, state& s) {
  auto* group = app.add_subcommand("topic", "manage topics");
  group->alias("t");
  group->require_subcommand(1);

  {
    auto* cmd = group->add_subcommand("create", "create a topic");
    auto a = make_args<topic_args>();
    cmd->add_option("stream", a->stream, "stream id or name")->required();
    cmd->add_option("name", a->name, "topic name")->required();
    cmd->add_option("partitions", a->partitions, "number of partitions")->required();
    add_settings_options(cmd, a->settings);
    on_run(cmd, s, [&s, a] {
      bin::create_topic_request req;
      req.stream = parse_identifier(a->stream, "stream");
      req.name = a->name;
      req.partitions_count = a->partitions;
      if (!a->settings.message_expiry.empty())
        req.message_expiry = parse_expiry(a->settings.message_expiry, "--message-expiry");
      if (!a->settings.max_topic_size.empty())
        req.max_topic_size = parse_max_size(a->settings.max_topic_size, "--max-topic-size");
      req.compression = compression_of(a->settings.compression);
      if (a->settings.replication_factor >= 0) req.replication_factor = static_cast<uint8_t>(a->settings.replication_factor);
      auto c = connect(s.global);
      const auto created = check(c.create_topic(req), {.action = "create topic '" + a->name + "' in stream " +
                                                                   describe_id(req.stream),
                                                        .stream = describe_id(req.stream),
                                                        .name = a->name});
      print_created(s.global.format(),
                    "Topic '" + created.topic.name + "' created with id " + std::to_string(created.topic.id) +
                        " and " + std::to_string(created.topic.partitions_count) + " partition(s) in stream " +
                        describe_id(req.stream) + ".",
                    topic_details_record(created));
    });
  }
  {
    auto* cmd = group->add_subcommand("delete", "delete a topic and its messages");
    auto a = make_args<topic_args>();
    cmd->add_option("stream", a->stream, "stream id or name")->required();
    cmd->add_option("topic", a->topic, "topic id or name")->required();
    on_run(cmd, s, [&s, a] {
      const auto stream = parse_identifier(a->stream, "stream");
      const auto topic = parse_identifier(a->topic, "topic");
      auto c = connect(s.global);
      check(c.delete_topic(stream, topic), topic_target("delete", stream, topic));
      print_done(s.global.format(), "Topic " + describe_id(topic) + " deleted from stream " + describe_id(stream) + ".");
    });
  }
  {
    auto* cmd = group->add_subcommand("update", "rename a topic and change its settings (others are kept)");
    auto a = make_args<topic_args>();
    cmd->add_option("stream", a->stream, "stream id or name")->required();
    cmd->add_option("topic", a->topic, "topic id or name")->required();
    cmd->add_option("name", a->name, "new name")->required();
    add_settings_options(cmd, a->settings);
    on_run(cmd, s, [&s, a] {
      bin::update_topic_request req;
      req.stream = parse_identifier(a->stream, "stream");
      req.topic = parse_identifier(a->topic, "topic");
      req.name = a->name;
      std::optional<uint64_t> expiry, max_size;
      if (!a->settings.message_expiry.empty()) expiry = parse_expiry(a->settings.message_expiry, "--message-expiry");
      if (!a->settings.max_topic_size.empty()) max_size = parse_max_size(a->settings.max_topic_size, "--max-topic-size");
      auto c = connect(s.global);
      target t = topic_target("update", req.stream, req.topic);
      t.name = a->name;
      const auto current = check(c.get_topic(req.stream, req.topic), t);
      if (!current) command_error("topic " + t.topic + " not found in stream " + t.stream);
      req.message_expiry = expiry.value_or(current->topic.message_expiry);
      req.max_topic_size = max_size.value_or(current->topic.max_topic_size);
      req.compression = a->settings.compression.empty() ? current->topic.compression
                                                        : compression_of(a->settings.compression);
      req.replication_factor = a->settings.replication_factor >= 0
                                   ? static_cast<uint8_t>(a->settings.replication_factor)
                                   : current->topic.replication_factor;
      check(c.update_topic(req), t);
      print_done(s.global.format(), "Topic " + t.topic + " in stream " + t.stream + " updated.");
    });
  }
  {
    auto* cmd = group->add_subcommand("get", "show a topic and its partitions");
    auto a = make_args<topic_args>();
    cmd->add_option("stream", a->stream, "stream id or name")->required();
    cmd->add_option("topic", a->topic, "topic id or name")->required();
    on_run(cmd, s, [&s, a] {
      const auto stream = parse_identifier(a->stream, "stream");
      const auto topic = parse_identifier(a->topic, "topic");
      auto c = connect(s.global);
      const auto details = check(c.get_topic(stream, topic), topic_target("get", stream, topic));
      if (!details) command_error("topic " + describe_id(topic) + " not found in stream " + describe_id(stream));
      print_record(s.global.format(), topic_details_record(*details));
    });
  }
  {
    auto* cmd = group->add_subcommand("list", "list the topics of a stream");
    auto a = make_args<topic_args>();
    cmd->add_option("stream", a->stream, "stream id or name")->required();
    on_run(cmd, s, [&s, a] {
      const auto stream = parse_identifier(a->stream, "stream");
      auto c = connect(s.global);
      const auto topics = check(c.get_topics(stream), {.action = "list topics of stream " + describe_id(stream),
                                                       .stream = describe_id(stream)});
      std::vector<record> rows;
      for (const auto& t : topics) rows.push_back(topic_record(t));
      print_list(s.global.format(), topic_columns(), rows);
    });
  }
  {
    auto* cmd = group->add_subcommand("purge", "delete all messages of a topic");
    auto a = make_args<topic_args>();
    cmd->add_option("stream", a->stream, "stream id or name")->required();
    cmd->add_option("topic", a->topic, "topic id or name")->required();
    on_run(cmd, s, [&s, a] {
      const auto stream = parse_identifier(a->stream, "stream");
      const auto topic = parse_identifier(a->topic, "topic");
      auto c = connect(s.global);
      check(c.purge_topic(stream, topic), topic_target("purge", stream, topic));
      print_done(s.global.format(), "Topic " + describe_id(topic) + " in stream " + describe_id(stream) + " purged.");
    });
  }
}

}  // namespace whippet::cli
