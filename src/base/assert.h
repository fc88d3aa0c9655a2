#pragma once
// Always-on invariant checks: a broken invariant stops the process with the
// place and the reason, in every build type.

namespace whippet::detail {
[[noreturn]] void assertion_failed(const char* expr, const char* msg, const char* file, int line);
}

#define WHIPPET_ASSERT(cond, msg)                                               \
  do {                                                                          \
    if (!(cond)) [[unlikely]]                                                   \
      ::whippet::detail::assertion_failed(#cond, (msg), __FILE__, __LINE__);    \
  } while (0)
