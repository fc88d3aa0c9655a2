#pragma once
// Personal access tokens: 50 random bytes, base64. Only a SHA-256 of the
// token is stored; login hashes what the client presents and compares.

#include <string>
#include <string_view>

namespace whippet::server::auth {

std::string generate_token();
std::string token_hash(std::string_view token);  // lower-case hex SHA-256
// Compares two hashes in time that depends on their length only.
bool same_hash(std::string_view a, std::string_view b);

}  // namespace whippet::server::auth
