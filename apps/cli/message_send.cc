// whippet message send: messages from the arguments or stdin, in batches.

#include <iostream>

#include "client/client.h"
#include "client/message.h"
#include "connection.h"
#include "message_command.h"
#include "message_headers.h"
#include "model/message_layout.h"
#include "output.h"
#include "parse.h"
#include "terminal.h"

namespace whippet::cli {
namespace {

std::vector<std::string> read_stdin_lines() {
  if (stdin_is_terminal())
    std::fprintf(stderr, "Reading messages from the terminal, one per line; end with Ctrl-D.\n");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(std::move(line));  // an empty payload is invalid
  }
  return lines;
}

}  // namespace

void run_send(const state& s, const send_args& a) {
  const auto stream = parse_identifier(a.stream, "stream");
  const auto topic = parse_identifier(a.topic, "topic");
  bin::partitioning partitioning = bin::partitioning::balanced();
  if (a.partition >= 0) {
    partitioning = bin::partitioning::to_partition(static_cast<uint32_t>(a.partition));
  } else if (!a.key.empty()) {
    if (a.key.size() > 255) usage_error("--key must be 1 to 255 bytes");
    partitioning = bin::partitioning::by_key(std::vector<uint8_t>(a.key.begin(), a.key.end()));
  }
  std::vector<uint8_t> headers;
  for (const auto& h : a.headers) append_header(headers, h);
  if (headers.size() > model::max_user_headers_size) usage_error("the headers are too big (at most 100 kB)");

  const std::vector<std::string> messages = a.messages.empty() ? read_stdin_lines() : a.messages;
  if (messages.empty()) usage_error("no messages to send: give them as arguments or one per line on stdin");
  for (const auto& m : messages) {
    if (m.empty()) usage_error("a message cannot be empty");
    if (m.size() > model::max_payload_size) usage_error("a message is larger than 64 MB");
  }

  target t{.action = "send messages to topic " + describe_id(topic) + " in stream " + describe_id(stream),
           .stream = describe_id(stream),
           .topic = describe_id(topic),
           .partition = a.partition >= 0 ? std::to_string(a.partition) : ""};
  auto c = connect(s.global);
  progress_bar bar("sending", messages.size(), messages.size() > batch_size && stderr_is_terminal());
  std::vector<uint8_t> blob;
  for (size_t done = 0; done < messages.size();) {
    const size_t n = std::min<size_t>(batch_size, messages.size() - done);
    blob.clear();
    for (size_t i = 0; i < n; ++i) {
      client::outgoing_message m = client::outgoing_message::text(messages[done + i]);
      m.user_headers.assign(headers.begin(), headers.end());
      client::append_message(blob, m);
    }
    check(c.send_messages(stream, topic, partitioning, blob, static_cast<uint32_t>(n)), t);
    done += n;
    bar.update(done);
  }
  bar.finish();
  const std::string where = a.partition >= 0 ? " (partition " + std::to_string(a.partition) + ")" : "";
  print_created(s.global.format(),
                "Sent " + std::to_string(messages.size()) + " message(s) to topic " + t.topic + " in stream " +
                    t.stream + where + ".",
                record()
                    .add("stream", text_cell(a.stream))
                    .add("topic", text_cell(a.topic))
                    .add("messages_count", number_cell(messages.size())));
}

}  // namespace whippet::cli
