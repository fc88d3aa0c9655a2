#include "server/auth/password.h"

#include <argon2.h>
#include <sys/random.h>

#include <array>
#include <vector>

#include "base/assert.h"

namespace whippet::server::auth {
namespace {
constexpr uint32_t k_time_cost = 2;
constexpr uint32_t k_memory_kib = 19 * 1024;
constexpr uint32_t k_parallelism = 1;
constexpr size_t k_salt_len = 16;
constexpr size_t k_hash_len = 32;

void fill_random(uint8_t* out, size_t n) {
  size_t done = 0;
  while (done < n) {
    const ssize_t got = getrandom(out + done, n - done, 0);
    WHIPPET_ASSERT(got > 0, "getrandom failed");
    done += static_cast<size_t>(got);
  }
}
}  // namespace

std::optional<std::string> hash_password(std::string_view password) {
  std::array<uint8_t, k_salt_len> salt{};
  fill_random(salt.data(), salt.size());
  const size_t encoded_len =
      argon2_encodedlen(k_time_cost, k_memory_kib, k_parallelism, k_salt_len, k_hash_len, Argon2_id);
  std::vector<char> encoded(encoded_len);
  const int rc = argon2id_hash_encoded(k_time_cost, k_memory_kib, k_parallelism, password.data(), password.size(),
                                       salt.data(), salt.size(), k_hash_len, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return std::nullopt;
  return std::string(encoded.data());
}

bool verify_password(std::string_view password, const std::string& phc_hash) {
  return argon2id_verify(phc_hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

const std::string& dummy_password_hash() {
  static const std::string hash = hash_password(random_password(24)).value_or(std::string());
  return hash;
}

std::string random_password(size_t length) {
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    uint8_t b = 0;
    fill_random(&b, 1);
    if (b >= 248) continue;  // 248 = 4 * 62: keeps the choice uniform
    out.push_back(alphabet[b % alphabet.size()]);
  }
  return out;
}

}  // namespace whippet::server::auth
