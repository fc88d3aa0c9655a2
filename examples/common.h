#pragma once
// Shared by the examples: where the server is and who to log in as.
//   <example> [address] [username] [password]

#include <cstdio>
#include <string>

#include "client/producer.h"

struct example_args {
  std::string address = "127.0.0.1:8090";
  whippet::client::credentials who{"iggy", "iggy", ""};
};

inline example_args parse_args(int argc, char** argv) {
  example_args a;
  if (argc > 1) a.address = argv[1];
  if (argc > 2) a.who.username = argv[2];
  if (argc > 3) a.who.password = argv[3];
  return a;
}

template <typename R>
bool check(const R& r, const char* what) {
  if (r) return true;
  std::fprintf(stderr, "%s failed: %s\n", what, r.error().message.c_str());
  return false;
}
