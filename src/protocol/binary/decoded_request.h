#pragma once
// decoded_request: what a request decoder gives on success — the request and
// the number of payload bytes that followed its last field.
//
// Iggy 0.8 reads a request's fields from the front of the payload and never
// looks at what is left, and Iggy's own SDKs rely on it: the Node.js SDK
// 0.8.0 sends delete_topic with a stale u32 after its two identifiers, and
// Iggy deletes the topic. Whippet's decoders accept such bytes too and report
// how many there were; the server logs and counts those requests (see
// server/dispatcher.cc). send_messages is the exception: its messages run to
// the end of the payload, so it has no trailing bytes to report.
//
// Failures (docs/formats/binary-protocol.md, "Request payloads"):
//   a payload that ends before the request's fields do  → InvalidCommand (3)
//   a malformed identifier                               → InvalidIdentifier (6)
//   any other malformed field                            → InvalidFormat (4)

#include <cstddef>

#include "base/result.h"
#include "protocol/binary/status.h"

namespace whippet::protocol::binary {

template <typename T>
struct decoded_request {
  T request;
  size_t trailing_bytes = 0;  // payload bytes after the request's last field, ignored
};

template <typename T>
using decode_result = result<decoded_request<T>, status>;

}  // namespace whippet::protocol::binary
