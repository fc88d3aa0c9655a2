#include "protocol/binary/responses/identity.h"

#include "protocol/binary/decode_support.h"
#include "protocol/binary/primitives.h"

namespace whippet::protocol::binary {

void encode(bytes::byte_writer& w, const identity_response& i) { w.write<uint32_t>(i.user_id); }

result<identity_response, status> decode_identity_response(std::span<const uint8_t> payload) {
  return detail::decode_whole<identity_response>(payload,
                                                  [](bytes::byte_reader& r) -> result<identity_response, status> {
                                                    identity_response i;
                                                    WHIPPET_TRY_ASSIGN(i.user_id, read_u32(r));
                                                    return i;
                                                  });
}

}  // namespace whippet::protocol::binary
