// libFuzzer target: every request decoder of the binary protocol, fed
// arbitrary bytes. A decoder may refuse input, never crash, read out of
// bounds or leak; what it accepts must re-encode to bytes that decode to the
// same request (the round trip the server and the SDK rely on), and the bytes
// it reports as trailing must be exactly those the encoding leaves out.
//
// Input: [code selector:u8][payload...]. The selector picks a command.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "protocol/binary/frame.h"
#include "protocol/binary/requests/change_password.h"
#include "protocol/binary/requests/create_consumer_group.h"
#include "protocol/binary/requests/create_partitions.h"
#include "protocol/binary/requests/create_personal_access_token.h"
#include "protocol/binary/requests/create_stream.h"
#include "protocol/binary/requests/create_topic.h"
#include "protocol/binary/requests/create_user.h"
#include "protocol/binary/requests/delete_consumer_group.h"
#include "protocol/binary/requests/delete_consumer_offset.h"
#include "protocol/binary/requests/delete_partitions.h"
#include "protocol/binary/requests/delete_personal_access_token.h"
#include "protocol/binary/requests/delete_segments.h"
#include "protocol/binary/requests/delete_stream.h"
#include "protocol/binary/requests/delete_topic.h"
#include "protocol/binary/requests/delete_user.h"
#include "protocol/binary/requests/flush_unsaved_buffer.h"
#include "protocol/binary/requests/get_client.h"
#include "protocol/binary/requests/get_consumer_group.h"
#include "protocol/binary/requests/get_consumer_groups.h"
#include "protocol/binary/requests/get_consumer_offset.h"
#include "protocol/binary/requests/get_snapshot.h"
#include "protocol/binary/requests/get_stream.h"
#include "protocol/binary/requests/get_topic.h"
#include "protocol/binary/requests/get_topics.h"
#include "protocol/binary/requests/get_user.h"
#include "protocol/binary/requests/join_consumer_group.h"
#include "protocol/binary/requests/leave_consumer_group.h"
#include "protocol/binary/requests/login_user.h"
#include "protocol/binary/requests/login_with_personal_access_token.h"
#include "protocol/binary/requests/poll_messages.h"
#include "protocol/binary/requests/purge_stream.h"
#include "protocol/binary/requests/purge_topic.h"
#include "protocol/binary/requests/send_messages.h"
#include "protocol/binary/requests/store_consumer_offset.h"
#include "protocol/binary/requests/update_permissions.h"
#include "protocol/binary/requests/update_stream.h"
#include "protocol/binary/requests/update_topic.h"
#include "protocol/binary/requests/update_user.h"

namespace bin = whippet::protocol::binary;

namespace {

template <typename Decode>
void round_trip(std::span<const uint8_t> payload, Decode decode) {
  auto first = decode(payload);
  if (!first) return;
  const std::vector<uint8_t> again = encode(first->request);
  auto second = decode(std::span<const uint8_t>(again));
  // The encoding has no trailing bytes, and the fields are read back the same.
  if (!second || !(second->request == first->request) || second->trailing_bytes != 0) std::abort();
  if (first->trailing_bytes != payload.size() - again.size()) std::abort();
}

using fuzz_fn = void (*)(std::span<const uint8_t>);

#define ROUND_TRIP(name) [](std::span<const uint8_t> p) { round_trip(p, [](std::span<const uint8_t> b) { return bin::decode_##name##_request(b); }); }

const fuzz_fn k_targets[] = {
    ROUND_TRIP(login_user),
    ROUND_TRIP(login_with_personal_access_token),
    ROUND_TRIP(create_user),
    ROUND_TRIP(update_user),
    ROUND_TRIP(delete_user),
    ROUND_TRIP(get_user),
    ROUND_TRIP(update_permissions),
    ROUND_TRIP(change_password),
    ROUND_TRIP(create_personal_access_token),
    ROUND_TRIP(delete_personal_access_token),
    ROUND_TRIP(get_client),
    ROUND_TRIP(get_snapshot),
    ROUND_TRIP(create_stream),
    ROUND_TRIP(get_stream),
    ROUND_TRIP(update_stream),
    ROUND_TRIP(delete_stream),
    ROUND_TRIP(purge_stream),
    ROUND_TRIP(create_topic),
    ROUND_TRIP(get_topic),
    ROUND_TRIP(get_topics),
    ROUND_TRIP(update_topic),
    ROUND_TRIP(delete_topic),
    ROUND_TRIP(purge_topic),
    ROUND_TRIP(create_partitions),
    ROUND_TRIP(delete_partitions),
    ROUND_TRIP(delete_segments),
    ROUND_TRIP(flush_unsaved_buffer),
    ROUND_TRIP(poll_messages),
    ROUND_TRIP(get_consumer_offset),
    ROUND_TRIP(store_consumer_offset),
    ROUND_TRIP(delete_consumer_offset),
    ROUND_TRIP(create_consumer_group),
    ROUND_TRIP(get_consumer_group),
    ROUND_TRIP(get_consumer_groups),
    ROUND_TRIP(delete_consumer_group),
    ROUND_TRIP(join_consumer_group),
    ROUND_TRIP(leave_consumer_group),
    // send_messages decodes in place (the server stamps messages there): a copy.
    [](std::span<const uint8_t> p) {
      std::vector<uint8_t> copy(p.begin(), p.end());
      auto r = bin::decode_send_messages_request(copy);
      if (!r) return;
      const auto& req = r->request;
      const auto again = bin::encode_send_messages(req.stream, req.topic, req.partitioning, req.messages, req.messages_count);
      auto second = bin::decode_send_messages_request(std::span<uint8_t>(const_cast<uint8_t*>(again.data()), again.size()));
      if (!second || second->request.messages_count != req.messages_count ||
          second->request.messages.size() != req.messages.size() || again.size() != p.size())
        std::abort();
    },
    // The frame header decoder.
    [](std::span<const uint8_t> p) {
      if (p.size() < bin::request_header_size) return;
      (void)bin::decode_request_header(p.first<bin::request_header_size>(), bin::default_max_control_payload);
    },
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  constexpr size_t n = sizeof(k_targets) / sizeof(k_targets[0]);
  k_targets[data[0] % n](std::span<const uint8_t>(data + 1, size - 1));
  return 0;
}
