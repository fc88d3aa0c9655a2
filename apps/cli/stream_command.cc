// whippet stream (s): create, delete, update, get, list, purge.

#include "client/client.h"
#include "commands.h"
#include "connection.h"
#include "output.h"
#include "parse.h"
#include "views.h"

namespace whippet::cli {

void add_stream_commands(CLI::App& app, state& s) {
  auto* group = app.add_subcommand("stream", "manage streams");
  group->alias("s");
  group->require_subcommand(1);

  {
    auto* cmd = group->add_subcommand("create", "create a stream");
    auto name = std::make_shared<std::string>();
    cmd->add_option("name", *name, "stream name")->required();
    on_run(cmd, s, [&s, name] {
      auto c = connect(s.global);
      const auto created = check(c.create_stream(*name), {.action = "create stream '" + *name + "'", .name = *name});
      print_created(s.global.format(),
                    "Stream '" + created.name + "' created with id " + std::to_string(created.id) + ".",
                    stream_record(created));
    });
  }
  {
    auto* cmd = group->add_subcommand("delete", "delete a stream and everything in it");
    auto id = std::make_shared<std::string>();
    cmd->add_option("stream", *id, "stream id or name")->required();
    on_run(cmd, s, [&s, id] {
      const auto stream = parse_identifier(*id, "stream");
      auto c = connect(s.global);
      check(c.delete_stream(stream), {.action = "delete stream " + describe_id(stream), .stream = describe_id(stream)});
      print_done(s.global.format(), "Stream " + describe_id(stream) + " deleted.");
    });
  }
  {
    auto* cmd = group->add_subcommand("update", "rename a stream");
    auto id = std::make_shared<std::string>();
    auto name = std::make_shared<std::string>();
    cmd->add_option("stream", *id, "stream id or name")->required();
    cmd->add_option("name", *name, "new name")->required();
    on_run(cmd, s, [&s, id, name] {
      const auto stream = parse_identifier(*id, "stream");
      auto c = connect(s.global);
      check(c.update_stream(stream, *name),
            {.action = "update stream " + describe_id(stream), .stream = describe_id(stream), .name = *name});
      print_done(s.global.format(), "Stream " + describe_id(stream) + " renamed to '" + *name + "'.");
    });
  }
  {
    auto* cmd = group->add_subcommand("get", "show a stream and its topics");
    auto id = std::make_shared<std::string>();
    cmd->add_option("stream", *id, "stream id or name")->required();
    on_run(cmd, s, [&s, id] {
      const auto stream = parse_identifier(*id, "stream");
      auto c = connect(s.global);
      const auto details =
          check(c.get_stream(stream), {.action = "get stream " + describe_id(stream), .stream = describe_id(stream)});
      if (!details) command_error("stream " + describe_id(stream) + " not found");
      record r = stream_record(details->stream);
      std::vector<record> topics;
      for (const auto& t : details->topics) topics.push_back(topic_record(t));
      r.add_list("topics", std::move(topics));
      print_record(s.global.format(), r);
    });
  }
  {
    auto* cmd = group->add_subcommand("list", "list streams");
    on_run(cmd, s, [&s] {
      auto c = connect(s.global);
      const auto streams = check(c.get_streams(), {.action = "list streams"});
      std::vector<record> rows;
      for (const auto& st : streams) rows.push_back(stream_record(st));
      print_list(s.global.format(), stream_columns(), rows);
    });
  }
  {
    auto* cmd = group->add_subcommand("purge", "delete all messages of a stream, keeping its topics");
    auto id = std::make_shared<std::string>();
    cmd->add_option("stream", *id, "stream id or name")->required();
    on_run(cmd, s, [&s, id] {
      const auto stream = parse_identifier(*id, "stream");
      auto c = connect(s.global);
      check(c.purge_stream(stream), {.action = "purge stream " + describe_id(stream), .stream = describe_id(stream)});
      print_done(s.global.format(), "Stream " + describe_id(stream) + " purged.");
    });
  }
}

}  // namespace whippet::cli
