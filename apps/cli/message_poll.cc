// whippet message poll: fetches messages and shows their payloads as text,
// JSON or hex. Counts above one batch are fetched batch by batch, each
// continuing after the last offset received.

#include <array>
#include <set>

#include "client/client.h"
#include "client/message.h"
#include "connection.h"
#include "message_command.h"
#include "message_headers.h"
#include "output.h"
#include "parse.h"
#include "terminal.h"

namespace whippet::cli {
namespace {

// The u128 id in decimal.
std::string id_decimal(const client::message& m) {
  // most significant first
  std::array<uint32_t, 4> limbs{static_cast<uint32_t>(m.id_high >> 32), static_cast<uint32_t>(m.id_high),
                                static_cast<uint32_t>(m.id_low >> 32), static_cast<uint32_t>(m.id_low)};
  std::string digits;
  for (;;) {
    uint64_t rem = 0;
    bool zero = true;
    for (auto& l : limbs) {
      const uint64_t cur = (rem << 32) | l;
      l = static_cast<uint32_t>(cur / 10);
      rem = cur % 10;
      zero = zero && l == 0;
    }
    digits.insert(digits.begin(), static_cast<char>('0' + rem));
    if (zero) return digits;
  }
}

// The messages of a poll reply, checksums verified.
std::vector<client::message> parse_messages(const client::client::polled& p) {
  std::vector<client::message> out;
  const auto bytes = std::span<const uint8_t>(p.payload).subspan(bin::polled_messages_header_size);
  if (!client::decode_messages(bytes, p.header.messages_count, p.header.partition_id, out))
    command_error("malformed poll reply: a message is truncated or its checksum does not match");
  return out;
}

cell payload_cell(std::string_view payload, const std::string& show_as) {
  if (show_as == "hex") {
    const auto hex = to_hex({reinterpret_cast<const uint8_t*>(payload.data()), payload.size()});
    return json_cell(json(hex), hex);
  }
  if (show_as == "json") {
    if (auto parsed = parse_json(payload)) {
      std::string compact = dump(*parsed, false);
      return json_cell(std::move(*parsed), std::move(compact));
    }
  }
  return text_cell(std::string(payload));  // text, and JSON payloads that are not JSON
}

record message_record(const client::message& m, const std::string& show_as) {
  record r;
  r.add("offset", number_cell(m.offset))
      .add("timestamp", time_cell(m.timestamp))
      .add("origin_timestamp", time_cell(m.origin_timestamp))
      .add("id", json_cell(json(id_decimal(m)), id_decimal(m)))
      .add("checksum", number_cell(m.checksum))
      .add("size", number_cell(m.payload.size()))
      .add("payload", payload_cell(m.text(), show_as));
  json headers = json::array();
  std::string text;
  for (const auto& h : decode_headers(m.user_headers)) {
    json one = json::object();
    one["key"] = h.key;
    one["kind"] = h.kind;
    one["value"] = h.value;
    headers.push_back(std::move(one));
    text += (text.empty() ? "" : " ") + printable(h.key) + "=" + h.text;
  }
  r.add("headers", json_cell(std::move(headers), text.empty() ? "-" : text));
  return r;
}

}  // namespace

void run_poll(const state& s, const poll_args& a) {
  const auto stream = parse_identifier(a.stream, "stream");
  const auto topic = parse_identifier(a.topic, "topic");
  const bool as_group = !a.group.empty();
  const auto consumer = as_group ? bin::consumer::group(parse_identifier(a.group, "consumer group"))
                                 : bin::consumer::single(parse_identifier(a.consumer, "consumer"));
  std::optional<uint32_t> partition;
  if (a.partition >= 0) partition = static_cast<uint32_t>(a.partition);
  bin::polling_strategy strategy = bin::polling_strategy::offset(a.offset >= 0 ? static_cast<uint64_t>(a.offset) : 0);
  if (as_group && a.offset < 0) strategy = bin::polling_strategy::next();
  if (a.first) strategy = bin::polling_strategy::first();
  if (a.last) strategy = bin::polling_strategy::last();
  if (a.next) strategy = bin::polling_strategy::next();
  if (a.timestamp >= 0) strategy = bin::polling_strategy::timestamp(static_cast<uint64_t>(a.timestamp));

  const target t{.action = "poll messages from topic " + describe_id(topic) + " in stream " + describe_id(stream),
                 .stream = describe_id(stream),
                 .topic = describe_id(topic),
                 .partition = partition ? std::to_string(*partition) : ""};
  auto c = connect(s.global);
  if (as_group) {
    const target joining{.action = "join consumer group " + describe_id(consumer.id), .stream = describe_id(stream),
                         .topic = describe_id(topic), .group = describe_id(consumer.id)};
    check(c.join_consumer_group(stream, topic, consumer.id), joining);
  }
  progress_bar bar("polling", a.count, a.count > batch_size && stderr_is_terminal());
  std::vector<record> rows;
  uint32_t partition_id = partition.value_or(0);
  uint64_t current_offset = 0;
  bool any_headers = false;
  // A group member's polls go round its assigned partitions (the server picks
  // each one); it stops after a few polls in a row bring nothing new.
  std::set<std::pair<uint32_t, uint64_t>> seen;
  int fruitless = 0;
  constexpr int k_max_fruitless_group_polls = 8;
  while (rows.size() < a.count) {
    const auto want = static_cast<uint32_t>(std::min<size_t>(batch_size, a.count - rows.size()));
    const auto polled = check(c.poll_messages(consumer, stream, topic, partition, strategy, want, a.auto_commit), t);
    partition_id = polled.header.partition_id;
    current_offset = polled.header.current_offset;
    const auto messages = parse_messages(polled);
    size_t added = 0;
    for (const auto& m : messages) {
      if (as_group && !seen.insert({m.partition_id, m.offset}).second) continue;
      any_headers = any_headers || !m.user_headers.empty();
      rows.push_back(message_record(m, a.show_as));
      ++added;
    }
    bar.update(rows.size());
    if (as_group) {
      fruitless = added == 0 ? fruitless + 1 : 0;
      if (fruitless >= k_max_fruitless_group_polls) break;
      strategy = bin::polling_strategy::next();
      continue;
    }
    if (messages.empty()) break;  // a short batch may still be followed by more
    // The next batch continues after the last message, on the same partition.
    strategy = bin::polling_strategy::offset(messages.back().offset + 1);
    partition = partition_id;
  }
  bar.finish();

  if (s.global.format() == output_format::json_text) {
    json arr = json::array();
    for (const auto& r : rows) arr.push_back(r.to_json());
    json out = json::object();
    out["partition_id"] = partition_id;
    out["current_offset"] = current_offset;
    out["count"] = static_cast<uint64_t>(rows.size());
    out["messages"] = std::move(arr);
    std::printf("%s\n", dump(out).c_str());
    return;
  }
  std::vector<std::string> columns = {"offset", "timestamp", "id", "size", "payload"};
  if (any_headers) columns.push_back("headers");
  print_list(output_format::table, columns, rows);
  if (as_group) {
    std::printf("%zu message(s) for consumer group %s.\n", rows.size(), describe_id(consumer.id).c_str());
  } else {
    std::printf("%zu message(s) from partition %u (last offset %llu).\n", rows.size(), partition_id,
                static_cast<unsigned long long>(current_offset));
  }
}

}  // namespace whippet::cli
