#pragma once
// Shared by the binary handlers, which only decode, call the command layer
// (server/commands/) and encode: the command layer's errors as wire
// statuses (in one place), identifiers and consumers as the layer's types,
// and the encoding helpers.

#include <optional>

#include "bytes/byte_writer.h"
#include "metadata/catalog.h"
#include "protocol/binary/primitives.h"
#include "protocol/binary/status.h"
#include "server/command_context.h"
#include "server/commands/errc.h"
#include "server/commands/types.h"
#include "server/reply.h"

namespace whippet::server::handlers {

namespace bin = protocol::binary;
using bin::status;

// The command layer's errors on this wire.
status to_status(commands::errc e) noexcept;
// A stream or topic that does not exist (get_stream and get_topic answer
// those with an empty OK, as Iggy's server does).
bool is_not_found(commands::errc e) noexcept;
// OK, or the operation's error.
reply answer(const result<void, commands::errc>& r);
// A login's answer: the user's id, or the error.
reply identity(const result<uint32_t, commands::errc>& r);

metadata::ref to_ref(const bin::identifier& id);
commands::consumer_ref to_consumer(const bin::consumer& c);

// A response value encoded with its codec's encode(byte_writer&, const T&).
template <typename T>
std::vector<uint8_t> encoded(const T& value) {
  std::vector<uint8_t> out;
  bytes::byte_writer w(out);
  encode(w, value);
  return out;
}

// Decodes a request or answers with the decoder's status. The bytes after the
// request's fields are ignored and noted in the context, for the dispatcher.
#define WHIPPET_DECODE(ctx, var, expr)                               \
  auto var##_decoded = (expr);                                       \
  if (!var##_decoded) co_return reply::error(var##_decoded.error()); \
  (ctx).trailing_bytes = var##_decoded->trailing_bytes;              \
  [[maybe_unused]] auto& var = var##_decoded->request

}  // namespace whippet::server::handlers
