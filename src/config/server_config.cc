#include "config/server_config.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>
#include <thread>
#include <toml++/toml.h>

#include "config/default_config.h"

extern char** environ;

namespace whippet::config {
namespace {

// Reserved variables that are not configuration keys.
constexpr std::string_view k_reserved[] = {"ROOT_USERNAME", "ROOT_PASSWORD", "CONFIG_PATH"};

std::string env_name_of(std::string_view dotted) {
  std::string out;
  for (char c : dotted) out.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

void collect_leaves(const toml::table& table, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& [key, node] : table) {
    std::string path = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* sub = node.as_table()) {
      collect_leaves(*sub, path, out);
    } else {
      out.push_back(std::move(path));
    }
  }
}

std::string_view type_name(toml::node_type t) {
  switch (t) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "true or false";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    default: return "a value";
  }
}

toml::table parse_defaults() {
  // The embedded defaults are part of the binary; a parse error here is a build defect.
  return toml::parse(default_config_toml());
}

// Overlays `user` on `base`, refusing keys that `base` does not have.
result<void, config_error> overlay(toml::table& base, const toml::table& user, const std::string& prefix,
                                   const std::string& origin) {
  for (const auto& [key, node] : user) {
    const std::string path = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    toml::node* target = base.get(key.str());
    if (target == nullptr) return fail(config_error{"unknown configuration key '" + path + "' in " + origin});
    if (const auto* sub = node.as_table()) {
      auto* target_table = target->as_table();
      if (target_table == nullptr)
        return fail(config_error{"'" + path + "' in " + origin + " must be " + std::string(type_name(target->type()))});
      if (auto r = overlay(*target_table, *sub, path, origin); !r) return r;
      continue;
    }
    if (target->is_table())
      return fail(config_error{"'" + path + "' in " + origin + " must be a table ([" + path + "])"});
    if (node.type() == target->type()) {
      base.insert_or_assign(key.str(), node);
    } else if (target->is_floating_point() && node.is_integer()) {
      base.insert_or_assign(key.str(), static_cast<double>(node.as_integer()->get()));
    } else {
      return fail(config_error{"'" + path + "' in " + origin + " must be " + std::string(type_name(target->type()))});
    }
  }
  return {};
}

toml::table* parent_of(toml::table& root, std::string_view dotted, std::string& leaf) {
  toml::table* t = &root;
  size_t start = 0;
  for (;;) {
    const size_t dot = dotted.find('.', start);
    if (dot == std::string_view::npos) {
      leaf = std::string(dotted.substr(start));
      return t;
    }
    t = (*t)[dotted.substr(start, dot - start)].as_table();
    if (t == nullptr) return nullptr;
    start = dot + 1;
  }
}

result<void, config_error> apply_env_value(toml::table& root, const std::string& dotted, const std::string& var,
                                           const std::string& text) {
  std::string leaf;
  toml::table* parent = parent_of(root, dotted, leaf);
  WHIPPET_ASSERT(parent != nullptr, "known key without a parent table");
  toml::node* target = parent->get(leaf);
  const auto bad = [&](std::string_view expected) {
    return fail(config_error{var + "='" + text + "' is not valid for '" + dotted + "': expected " +
                             std::string(expected)});
  };
  switch (target->type()) {
    case toml::node_type::string:
      parent->insert_or_assign(leaf, text);
      return {};
    case toml::node_type::boolean: {
      if (text == "true" || text == "1") parent->insert_or_assign(leaf, true);
      else if (text == "false" || text == "0") parent->insert_or_assign(leaf, false);
      else return bad("true or false");
      return {};
    }
    case toml::node_type::integer: {
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return bad("an integer");
      parent->insert_or_assign(leaf, v);
      return {};
    }
    case toml::node_type::floating_point: {
      double v = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return bad("a number");
      parent->insert_or_assign(leaf, v);
      return {};
    }
    default:
      return bad("a scalar value");
  }
}

result<void, config_error> apply_environment(toml::table& root, const environment& env,
                                             std::vector<std::string>& warnings) {
  std::vector<std::string> keys;
  collect_leaves(root, "", keys);
  std::map<std::string, std::string> by_env_name;
  for (const auto& k : keys) by_env_name.emplace(env_name_of(k), k);

  // IGGY_ first, so that a WHIPPET_ variable for the same key wins.
  for (std::string_view prefix : {"IGGY_", "WHIPPET_"}) {
    const bool ours = prefix == "WHIPPET_";
    for (const auto& [var, value] : env) {
      if (!var.starts_with(prefix)) continue;
      const std::string name = var.substr(prefix.size());
      if (std::find(std::begin(k_reserved), std::end(k_reserved), name) != std::end(k_reserved)) continue;
      auto it = by_env_name.find(name);
      if (it == by_env_name.end()) {
        if (ours) return fail(config_error{"unknown configuration variable " + var + " (no key matches it)"});
        warnings.push_back("ignoring " + var + ": Whippet has no such configuration key");
        continue;
      }
      if (auto r = apply_env_value(root, it->second, var, value); !r) return r;
    }
  }
  return {};
}

result<server_config, config_error> to_server_config(const toml::table& t) {
  server_config c;
  const auto str = [&](std::string_view path) { return t.at_path(path).value<std::string>().value(); };
  const auto bad = [](std::string_view key, const std::string& value, std::string_view expected) {
    return fail(config_error{"invalid value '" + value + "' for '" + std::string(key) + "': expected " +
                             std::string(expected)});
  };

  c.system_path = str("system.path");
  if (c.system_path.empty()) return bad("system.path", "", "a directory path");

  const std::string level = str("system.logging.level");
  auto lvl = log::parse_level(level);
  if (!lvl) return bad("system.logging.level", level, "debug, info, warn or error");
  c.log_level = *lvl;

  const std::string alloc = str("system.sharding.cpu_allocation");
  if (alloc == "all") {
    c.shard_count = std::max(1u, std::thread::hardware_concurrency());
  } else {
    unsigned n = 0;
    auto [ptr, ec] = std::from_chars(alloc.data(), alloc.data() + alloc.size(), n);
    if (alloc.empty() || ec != std::errc() || ptr != alloc.data() + alloc.size() || n == 0 || n > 1024)
      return bad("system.sharding.cpu_allocation", alloc, "\"all\" or a number of shards from 1 to 1024");
    c.shard_count = n;
  }

  c.tcp.enabled = t.at_path("tcp.enabled").value<bool>().value();
  const std::string address = str("tcp.address");
  auto addr = parse_socket_address(address);
  if (!addr) return bad("tcp.address", address, "an IP address and port such as 127.0.0.1:8090 or [::1]:8090");
  c.tcp.address = *addr;

  const std::string frame = str("tcp.max_control_frame_size");
  auto frame_size = parse_size(frame);
  if (!frame_size || *frame_size < 1024 || *frame_size > 1'000'000'000)
    return bad("tcp.max_control_frame_size", frame, "a size from 1 KiB to 1 GB, such as \"10 MB\"");
  c.tcp.max_control_frame_size = static_cast<uint32_t>(*frame_size);

  const std::string timeout = str("tcp.request_timeout");
  auto d = parse_duration(timeout);
  if (!d || *d < std::chrono::milliseconds(1))
    return bad("tcp.request_timeout", timeout, "a duration of at least 1 ms, such as \"30 s\"");
  c.tcp.request_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(*d);

  const auto size_key = [&](std::string_view key, uint64_t min, uint64_t max) -> result<uint64_t, config_error> {
    const std::string text = str(key);
    auto v = parse_size(text);
    if (!v || *v < min || *v > max)
      return bad(key, text, "a size from " + std::to_string(min) + " to " + std::to_string(max) + " bytes");
    return *v;
  };
  const auto duration_key = [&](std::string_view key) -> result<std::chrono::microseconds, config_error> {
    const std::string text = str(key);
    auto v = parse_duration(text);
    if (!v || v->count() <= 0) return bad(key, text, "a positive duration such as \"30 s\"");
    return std::chrono::duration_cast<std::chrono::microseconds>(*v);
  };
  const auto flag = [&](std::string_view key) { return t.at_path(key).value<bool>().value(); };

  auto send_frame = size_key("tcp.max_send_messages_frame_size", 1024, 1ull << 31);
  if (!send_frame) return fail(send_frame.error());
  c.tcp.max_send_messages_frame_size = static_cast<uint32_t>(*send_frame);

  auto login_frame = size_key("tcp.max_login_frame_size", 256, 1ull << 20);
  if (!login_frame) return fail(login_frame.error());
  c.tcp.max_login_frame_size = static_cast<uint32_t>(*login_frame);
  const auto count_key = [&](std::string_view key, int64_t min, int64_t max) -> result<uint32_t, config_error> {
    const int64_t v = t.at_path(key).value<int64_t>().value();
    if (v < min || v > max) return bad(key, std::to_string(v), std::to_string(min) + " to " + std::to_string(max));
    return static_cast<uint32_t>(v);
  };
  auto max_conn = count_key("tcp.max_connections", 1, 10'000'000);
  if (!max_conn) return fail(max_conn.error());
  c.tcp.max_connections = *max_conn;
  auto max_per_ip = count_key("tcp.max_connections_per_ip", 1, 10'000'000);
  if (!max_per_ip) return fail(max_per_ip.error());
  c.tcp.max_connections_per_ip = *max_per_ip;
  const auto ms_key = [&](std::string_view key) -> result<std::chrono::milliseconds, config_error> {
    auto v = duration_key(key);
    if (!v) return fail(v.error());
    if (*v < std::chrono::milliseconds(1)) return bad(key, str(key), "a duration of at least 1 ms");
    return std::chrono::duration_cast<std::chrono::milliseconds>(*v);
  };
  auto login_timeout = ms_key("tcp.login_timeout");
  if (!login_timeout) return fail(login_timeout.error());
  c.tcp.login_timeout = *login_timeout;
  if (str("tcp.idle_timeout") != "none") {
    auto idle = ms_key("tcp.idle_timeout");
    if (!idle) return fail(idle.error());
    c.tcp.idle_timeout = *idle;
  }
  auto reply_timeout = ms_key("tcp.reply_timeout");
  if (!reply_timeout) return fail(reply_timeout.error());
  c.tcp.reply_timeout = *reply_timeout;
  auto budget = size_key("tcp.request_memory_budget", 1ull << 20, 1ull << 40);
  if (!budget) return fail(budget.error());
  c.tcp.request_memory_budget = *budget;
  c.tcp.socket_migration = flag("tcp.socket_migration");

  auto& s = c.storage;
  auto seg = size_key("system.segment.size", 4096, 1ull << 31);
  if (!seg) return fail(seg.error());
  s.segment_size = *seg;
  auto interval = size_key("system.segment.index_interval", 64, 64ull << 20);
  if (!interval) return fail(interval.error());
  s.index_interval = static_cast<uint32_t>(*interval);
  auto prealloc = size_key("system.segment.preallocate", 0, 1ull << 31);
  if (!prealloc) return fail(prealloc.error());
  s.preallocate = *prealloc;
  s.direct_io = flag("system.segment.direct_io");
  auto tail = size_key("system.segment.tail_cache", 0, 1ull << 40);
  if (!tail) return fail(tail.error());
  s.tail_cache = *tail;
  s.enforce_fsync = flag("system.partition.enforce_fsync");
  s.message_saver_enabled = flag("message_saver.enabled");
  auto saver = duration_key("message_saver.interval");
  if (!saver) return fail(saver.error());
  s.message_saver_interval = std::chrono::duration_cast<std::chrono::milliseconds>(*saver);
  if (const std::string e = str("system.topic.message_expiry"); e != "none") {
    auto v = duration_key("system.topic.message_expiry");
    if (!v) return fail(v.error());
    s.default_message_expiry = *v;
  }
  if (const std::string m = str("system.topic.max_size"); m != "unlimited") {
    auto v = size_key("system.topic.max_size", 1, UINT64_MAX - 1);
    if (!v) return fail(v.error());
    s.default_max_topic_size = *v;
  }
  s.cleaner_enabled = flag("data_maintenance.messages.cleaner_enabled");
  auto cleaner = duration_key("data_maintenance.messages.interval");
  if (!cleaner) return fail(cleaner.error());
  s.cleaner_interval = std::chrono::duration_cast<std::chrono::milliseconds>(*cleaner);
  s.dedup_enabled = flag("system.message_deduplication.enabled");
  const int64_t entries = t.at_path("system.message_deduplication.max_entries").value<int64_t>().value();
  if (entries < 1 || entries > 100'000'000)
    return bad("system.message_deduplication.max_entries", std::to_string(entries), "1 to 100000000");
  s.dedup_max_entries = static_cast<uint64_t>(entries);
  auto dexp = duration_key("system.message_deduplication.expiry");
  if (!dexp) return fail(dexp.error());
  s.dedup_expiry = *dexp;
  s.state_fsync = flag("system.state.enforce_fsync");
  if (s.enforce_fsync && !s.state_fsync) {
    // A durable message in a topic whose creation may be lost is not durable.
    s.state_fsync = true;
    c.warnings.push_back(
        "system.partition.enforce_fsync = true needs the metadata on disk too: "
        "system.state.enforce_fsync is turned on");
  }
  const int64_t tokens = t.at_path("personal_access_token.max_tokens_per_user").value<int64_t>().value();
  if (tokens < 1 || tokens > 100000)
    return bad("personal_access_token.max_tokens_per_user", std::to_string(tokens), "1 to 100000");
  c.max_tokens_per_user = static_cast<uint32_t>(tokens);
  auto auth_threads = count_key("system.auth.threads", 1, 256);
  if (!auth_threads) return fail(auth_threads.error());
  c.auth_threads = *auth_threads;
  auto logins = count_key("system.auth.max_concurrent_logins", 1, 100000);
  if (!logins) return fail(logins.error());
  c.max_concurrent_logins = *logins;
  return c;
}

}  // namespace

environment process_environment() {
  environment env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    const auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

std::string_view default_config_toml() { return k_default_config_toml; }

std::vector<std::string> known_keys() {
  std::vector<std::string> keys;
  collect_leaves(parse_defaults(), "", keys);
  return keys;
}

result<server_config, config_error> load_server_config(const std::optional<std::filesystem::path>& file,
                                                       const environment& env) {
  toml::table merged = parse_defaults();
  if (file) {
    std::ifstream in(*file);
    if (!in) return fail(config_error{"cannot read configuration file " + file->string()});
    std::stringstream text;
    text << in.rdbuf();
    try {
      const toml::table user = toml::parse(text.str(), file->string());
      if (auto r = overlay(merged, user, "", file->string()); !r) return fail(r.error());
    } catch (const toml::parse_error& e) {
      std::ostringstream msg;
      msg << "cannot parse " << file->string() << " at line " << e.source().begin.line << ", column "
          << e.source().begin.column << ": " << e.description();
      return fail(config_error{msg.str()});
    }
  }
  std::vector<std::string> warnings;
  if (auto r = apply_environment(merged, env, warnings); !r) return fail(r.error());
  auto cfg = to_server_config(merged);
  if (!cfg) return cfg;
  cfg->warnings.insert(cfg->warnings.end(), warnings.begin(), warnings.end());
  return cfg;
}

}  // namespace whippet::config
