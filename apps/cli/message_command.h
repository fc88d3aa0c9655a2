#pragma once
// whippet message (m): send, poll and flush. Sending and polling are in their
// own files; each splits large jobs into batches of at most `batch_size`
// messages, with a progress bar on stderr when it is a terminal.

#include <cstdint>
#include <string>
#include <vector>

#include "commands.h"

namespace whippet::cli {

inline constexpr uint32_t batch_size = 1000;

struct send_args {
  std::string stream, topic;
  std::vector<std::string> messages;  // empty: one message per line of stdin
  int64_t partition = -1;             // -1: balanced (or by key)
  std::string key;
  std::vector<std::string> headers;  // key:kind:value
};

struct poll_args {
  std::string stream, topic;
  int64_t partition = -1;  // -1: not given (partition 0 for a single consumer)
  int64_t offset = -1;
  bool first = false, last = false, next = false;
  int64_t timestamp = -1;
  uint32_t count = 1;
  std::string consumer = "1";
  std::string group;  // poll as a member of this consumer group (joined for the poll)
  bool auto_commit = false;
  std::string show_as = "text";
};

void run_send(const state& s, const send_args& a);
void run_poll(const state& s, const poll_args& a);

}  // namespace whippet::cli
