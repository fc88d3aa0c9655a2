// Guessing is slow across connections, and timing does not tell which
// usernames exist.

#include <gtest/gtest.h>

#include "hostile.h"

using namespace whippet;
using namespace whippet::testkit;
using namespace whippet::testkit::hostile;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

// Time to a failed login as `user` on a new connection.
std::chrono::milliseconds failed_login_time(const std::string& address, const std::string& user) {
  api c(address);
  const auto start = clock_type::now();
  EXPECT_EQ(c.login(user, "wrong-password"), code(bin::status::invalid_credentials));
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - start);
}

}  // namespace

TEST(login, an_unknown_username_costs_what_a_wrong_password_costs) {
  // Fresh servers, so that no earlier failure throttles the attempt measured.
  std::vector<std::chrono::milliseconds> known, unknown;
  for (int i = 0; i < 3; ++i) {
    server_process a;
    known.push_back(failed_login_time(a.address(), "iggy"));
    server_process b;
    unknown.push_back(failed_login_time(b.address(), "nobody-by-this-name"));
  }
  std::sort(known.begin(), known.end());
  std::sort(unknown.begin(), unknown.end());
  // Both include the 100 ms answer delay of a first failure; only a real
  // Argon2 verification makes up the rest.
  const auto k = known[1] - 100ms, u = unknown[1] - 100ms;
  EXPECT_GT(k.count(), 0);
  EXPECT_GT(u.count() * 2, k.count()) << "unknown user " << unknown[1].count() << " ms, wrong password "
                                      << known[1].count() << " ms (medians of 3)";
}

TEST(login, failures_from_one_ip_are_spaced_across_connections) {
  server_process server;
  ASSERT_FALSE(server.address().empty());
  const auto start = clock_type::now();
  // Each attempt on its own connection: a per-connection delay alone would
  // restart at 100 ms every time.
  for (int i = 0; i < 7; ++i) (void)failed_login_time(server.address(), "user-" + std::to_string(i));
  const auto took = clock_type::now() - start;
  // Spacing 100+200+400+800+1600+3200 ms between the seven attempts.
  EXPECT_GE(took, 6s) << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
  EXPECT_TRUE(ping_ok(server.address()));
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}

TEST(login, a_throttled_user_still_logs_in_with_the_right_password) {
  server_process server;
  ASSERT_FALSE(server.address().empty());
  for (int i = 0; i < 4; ++i) (void)failed_login_time(server.address(), "iggy");
  // The right password still works, after the username's spacing.
  api c(server.address());
  const auto start = clock_type::now();
  EXPECT_EQ(c.login(), 0u);
  EXPECT_GE(clock_type::now() - start, 500ms);
  EXPECT_EQ(server.stop(), 0) << server.process().output();
}
