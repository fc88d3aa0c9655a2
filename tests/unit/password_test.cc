// Argon2id password hashing.

#include <gtest/gtest.h>

#include <set>

#include "server/auth/password.h"

namespace auth = whippet::server::auth;

TEST(password, hash_is_argon2id_phc_and_verifies) {
  auto h = auth::hash_password("correct horse");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *h;
  EXPECT_TRUE(auth::verify_password("correct horse", *h));
  EXPECT_FALSE(auth::verify_password("correct horse ", *h));
  EXPECT_FALSE(auth::verify_password("", *h));
}

TEST(password, same_password_gets_different_salts) {
  EXPECT_NE(*auth::hash_password("pw"), *auth::hash_password("pw"));
}

TEST(password, verify_rejects_garbage_hash) { EXPECT_FALSE(auth::verify_password("pw", "not a hash")); }

TEST(password, random_passwords_are_alphanumeric_and_distinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const auto p = auth::random_password(24);
    ASSERT_EQ(p.size(), 24u);
    for (char c : p) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << p;
    EXPECT_TRUE(seen.insert(p).second);
  }
}
