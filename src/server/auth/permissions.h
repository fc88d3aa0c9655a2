#pragma once
// Iggy's permission model: ten global rights, then per-stream and per-topic
// rights that can only widen them. The root user has every right; a user
// without a permissions record has none.

#include <cstdint>

#include "metadata/catalog.h"

namespace whippet::server::auth {

enum class global_right { manage_servers, read_servers, manage_users, read_users, manage_streams, read_streams };
enum class stream_right { manage, read };
enum class topic_right { manage, read, send, poll };

bool allowed(const metadata::catalog& c, uint32_t user_id, global_right right);
bool allowed(const metadata::catalog& c, uint32_t user_id, uint32_t stream_id, stream_right right);
bool allowed(const metadata::catalog& c, uint32_t user_id, uint32_t stream_id, uint32_t topic_id, topic_right right);

}  // namespace whippet::server::auth
