// whippet pat: create, delete, list personal access tokens of the logged-in user.

#include <limits>

#include "client/client.h"
#include "commands.h"
#include "connection.h"
#include "output.h"
#include "parse.h"

namespace whippet::cli {
namespace {

struct pat_args {
  std::string name;
  std::string expiry;
};

}  // namespace

void add_pat_commands(CLI::App& app, state& s) {
  auto* group = app.add_subcommand("pat", "manage personal access tokens");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand("create", "create a token and print it (it is shown only once)");
    auto a = make_args<pat_args>();
    cmd->add_option("name", a->name, "token name")->required();
    cmd->add_option("--expiry", a->expiry, "lifetime: a duration (30d, 12h), or never (the default)");
    on_run(cmd, s, [&s, a] {
      uint64_t expiry = std::numeric_limits<uint64_t>::max();
      if (!a->expiry.empty()) expiry = parse_expiry(a->expiry, "--expiry");
      auto c = connect(s.global);
      const auto token = check(c.create_personal_access_token(a->name, expiry),
                               {.action = "create personal access token '" + a->name + "'", .name = a->name});
      if (s.global.format() == output_format::json_text) {
        print_record(output_format::json_text, record().add("name", text_cell(a->name)).add("token", text_cell(token)));
        return;
      }
      std::printf("Personal access token '%s' created (store it now, it is not shown again):\n%s\n",
                  a->name.c_str(), token.c_str());
    });
  }
  {
    auto* cmd = group->add_subcommand("delete", "delete a token");
    auto a = make_args<pat_args>();
    cmd->add_option("name", a->name, "token name")->required();
    on_run(cmd, s, [&s, a] {
      auto c = connect(s.global);
      check(c.delete_personal_access_token(a->name),
            {.action = "delete personal access token '" + a->name + "'", .token = "'" + a->name + "'"});
      print_done(s.global.format(), "Personal access token '" + a->name + "' deleted.");
    });
  }
  {
    auto* cmd = group->add_subcommand("list", "list tokens");
    on_run(cmd, s, [&s] {
      auto c = connect(s.global);
      const auto tokens = check(c.get_personal_access_tokens(), {.action = "list personal access tokens"});
      std::vector<record> rows;
      for (const auto& t : tokens) {
        rows.push_back(record().add("name", text_cell(t.name)).add("expiry_at",
                                                                    t.expiry_at == 0 ? json_cell(json(), "never")
                                                                                     : time_cell(t.expiry_at)));
      }
      print_list(s.global.format(), {"name", "expiry_at"}, rows);
    });
  }
}

}  // namespace whippet::cli
