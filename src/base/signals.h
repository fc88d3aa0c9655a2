#pragma once
// Process-wide signal settings shared by every Whippet binary.

namespace whippet {

// Ignores SIGPIPE in every thread of the process. A write to a peer that has
// gone away is then an EPIPE error on that one call instead of the end of the
// process; sendfile(2) and write(2) have no MSG_NOSIGNAL, so this is the only
// way to be safe with them. Idempotent; call before any thread starts.
void ignore_sigpipe() noexcept;

}  // namespace whippet
