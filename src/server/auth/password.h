#pragma once
// Argon2id password hashes in PHC string form ("$argon2id$v=19$m=...").
// Hashing is deliberately slow (~tens of ms): never call it on a shard's
// event loop; use a worker thread.

#include <optional>
#include <string>
#include <string_view>

namespace whippet::server::auth {

// Parameters as Iggy's (the argon2 crate's defaults): m = 19 MiB, t = 2, p = 1.
std::optional<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& phc_hash);
// A hash of a random password, made once: a login for an unknown user is
// verified against it, so that it costs what a wrong password costs and
// usernames cannot be found by timing.
const std::string& dummy_password_hash();

// A random password of `length` characters from [A-Za-z0-9], from the OS's CSPRNG.
std::string random_password(size_t length);

}  // namespace whippet::server::auth
