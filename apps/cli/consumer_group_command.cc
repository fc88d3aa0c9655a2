// whippet consumer-group (g): create, delete, get, list.

#include "client/client.h"
#include "commands.h"
#include "connection.h"
#include "output.h"
#include "parse.h"
#include "views.h"

namespace whippet::cli {
namespace {

struct group_args {
  std::string stream, topic, group;
};

struct ids {
  bin::identifier stream, topic, group;
};

ids parse_ids(const group_args& a, bool with_group) {
  ids out{parse_identifier(a.stream, "stream"), parse_identifier(a.topic, "topic"), {}};
  if (with_group) out.group = parse_identifier(a.group, "consumer group");
  return out;
}

target group_target(const std::string& action, const ids& i) {
  return {.action = action + " consumer group " + describe_id(i.group) + " in topic " + describe_id(i.topic),
          .stream = describe_id(i.stream),
          .topic = describe_id(i.topic),
          .group = describe_id(i.group)};
}

void add_location(CLI::App* cmd, group_args& a) {
  cmd->add_option("stream", a.stream, "stream id or name")->required();
  cmd->add_option("topic", a.topic, "topic id or name")->required();
}

}  // namespace

void add_consumer_group_commands(CLI::App& app, state& s) {
  auto* group = app.add_subcommand("consumer-group", "manage consumer groups");
  group->alias("g");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand("create", "create a consumer group");
    auto a = make_args<group_args>();
    add_location(cmd, *a);
    cmd->add_option("name", a->group, "group name")->required();
    on_run(cmd, s, [&s, a] {
      const ids i = parse_ids(*a, false);
      auto c = connect(s.global);
      const auto created = check(c.create_consumer_group(i.stream, i.topic, a->group),
                                 {.action = "create consumer group '" + a->group + "'",
                                  .stream = describe_id(i.stream),
                                  .topic = describe_id(i.topic),
                                  .name = a->group});
      print_created(s.global.format(),
                    "Consumer group '" + created.name + "' created with id " + std::to_string(created.id) +
                        " in topic " + describe_id(i.topic) + " of stream " + describe_id(i.stream) + ".",
                    group_record(created));
    });
  }
  {
    auto* cmd = group->add_subcommand("delete", "delete a consumer group");
    auto a = make_args<group_args>();
    add_location(cmd, *a);
    cmd->add_option("group", a->group, "group id or name")->required();
    on_run(cmd, s, [&s, a] {
      const ids i = parse_ids(*a, true);
      auto c = connect(s.global);
      check(c.delete_consumer_group(i.stream, i.topic, i.group), group_target("delete", i));
      print_done(s.global.format(), "Consumer group " + describe_id(i.group) + " deleted from topic " +
                                        describe_id(i.topic) + " in stream " + describe_id(i.stream) + ".");
    });
  }
  {
    auto* cmd = group->add_subcommand("get", "show a consumer group and its members");
    auto a = make_args<group_args>();
    add_location(cmd, *a);
    cmd->add_option("group", a->group, "group id or name")->required();
    on_run(cmd, s, [&s, a] {
      const ids i = parse_ids(*a, true);
      auto c = connect(s.global);
      const auto details = check(c.get_consumer_group(i.stream, i.topic, i.group), group_target("get", i));
      if (!details)
        command_error("consumer group " + describe_id(i.group) + " not found in topic " + describe_id(i.topic) +
                      " in stream " + describe_id(i.stream));
      record r = group_record(details->group);
      std::vector<record> members;
      for (const auto& m : details->members) {
        json parts = json::array();
        std::string text;
        for (const auto p : m.partitions) {
          parts.push_back(p);
          text += (text.empty() ? "" : ",") + std::to_string(p);
        }
        members.push_back(
            record().add("id", number_cell(m.id)).add("partitions", json_cell(parts, text.empty() ? "-" : text)));
      }
      r.add_list("members", std::move(members));
      print_record(s.global.format(), r);
    });
  }
  {
    auto* cmd = group->add_subcommand("list", "list the consumer groups of a topic");
    auto a = make_args<group_args>();
    add_location(cmd, *a);
    on_run(cmd, s, [&s, a] {
      const ids i = parse_ids(*a, false);
      auto c = connect(s.global);
      const auto groups = check(c.get_consumer_groups(i.stream, i.topic),
                                {.action = "list consumer groups of topic " + describe_id(i.topic),
                                 .stream = describe_id(i.stream),
                                 .topic = describe_id(i.topic)});
      std::vector<record> rows;
      for (const auto& g : groups) rows.push_back(group_record(g));
      print_list(s.global.format(), group_columns(), rows);
    });
  }
}

}  // namespace whippet::cli
