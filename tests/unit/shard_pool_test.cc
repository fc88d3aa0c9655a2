// shard_pool: a handler that throws is logged and dropped; its shard keeps
// running the handlers queued after it.

#include "runtime/shard_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

namespace whippet::runtime {
namespace {

TEST(shard_pool, a_handler_that_throws_does_not_end_its_shard) {
  shard_pool pool(2);
  std::atomic<int> ran_after{0};
  for (unsigned shard = 0; shard < 2; ++shard) {
    pool.post(shard, [] { throw std::runtime_error("boom"); });
    pool.post(shard, [] { throw 42; });
    pool.post(shard, [&ran_after, shard] {
      if (shard_pool::current_shard() == static_cast<int>(shard)) ran_after.fetch_add(1);
    });
  }
  pool.drain();
  pool.run();
  EXPECT_EQ(ran_after.load(), 2);
  EXPECT_EQ(pool.escaped_exceptions(), 4u);
}

TEST(shard_pool, log_if_failed_accepts_every_outcome) {
  log_if_failed("nothing", nullptr);
  log_if_failed("standard", std::make_exception_ptr(std::runtime_error("x")));
  log_if_failed("other", std::make_exception_ptr(7));
  SUCCEED();
}

}  // namespace
}  // namespace whippet::runtime
