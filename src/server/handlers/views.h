#pragma once
// views: the command layer's stream and topic figures as Iggy binary
// responses.

#include "protocol/binary/responses/stream.h"
#include "protocol/binary/responses/topic.h"
#include "server/commands/types.h"

namespace whippet::server::handlers {

protocol::binary::stream_response stream_view(const commands::stream_info& s);
protocol::binary::stream_details stream_details_view(const commands::stream_info& s);
protocol::binary::topic_header topic_view(const commands::topic_info& t);
protocol::binary::topic_details topic_details_view(const commands::topic_info& t);

}  // namespace whippet::server::handlers
