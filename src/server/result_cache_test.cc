#include "result_cache_internal.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>
#include <vector>

namespace mroi::internal {
namespace {

using namespace std::chrono_literals;

TEST(ResultCacheTest, ComputesOncePerKeyAndVersion) {
  ResultCache<int> cache(8);
  std::atomic<int> calls{0};
  auto compute = [&calls]() -> Result<int> { return ++calls * 10; };
  auto first = cache.Get("a", 1, compute, 10s);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(**first, 10);
  EXPECT_EQ(**cache.Get("a", 1, compute, 10s), 10);  // cached
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(**cache.Get("b", 1, compute, 10s), 20);  // another key
  EXPECT_EQ(**cache.Get("a", 2, compute, 10s), 30);  // a new version recomputes
  EXPECT_EQ(calls.load(), 3);
  // The new version dropped the entries of version 1.
  EXPECT_EQ(cache.size(), 1u);
  // Asking with the old version finds the newer entry (a read racing an import).
  EXPECT_EQ(**cache.Get("a", 1, compute, 10s), 30);
  EXPECT_EQ(calls.load(), 3);
}

TEST(ResultCacheTest, ConcurrentCallersShareOneComputation) {
  ResultCache<std::string> cache(8);
  std::atomic<int> calls{0};
  constexpr int kCallers = 32;
  std::latch start(kCallers);
  auto compute = [&calls]() -> Result<std::string> {
    ++calls;
    std::this_thread::sleep_for(50ms);
    return std::string("answer");
  };
  std::vector<std::string> answers(kCallers);
  std::vector<std::thread> callers;
  for (int idx = 0; idx < kCallers; ++idx) {
    callers.emplace_back([&, idx] {
      start.arrive_and_wait();
      auto value = cache.Get("k", 7, compute, 10s);
      answers[static_cast<size_t>(idx)] = value == nullptr ? "timeout" : **value;
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(cache.TEST_computations(), 1);
  for (const std::string& answer : answers) EXPECT_EQ(answer, "answer");
}

TEST(ResultCacheTest, TimeoutLeavesTheComputationRunning) {
  ResultCache<int> cache(8);
  std::atomic<bool> release{false};
  std::atomic<int> calls{0};
  auto slow = [&]() -> Result<int> {
    ++calls;
    while (!release.load()) std::this_thread::sleep_for(1ms);
    return 42;
  };
  EXPECT_EQ(cache.Get("slow", 1, slow, 20ms), nullptr);  // not ready: 503
  EXPECT_EQ(cache.Get("slow", 1, slow, 0ms), nullptr);
  release = true;
  auto value = cache.Get("slow", 1, slow, 10s);  // the same computation finishes
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(**value, 42);
  EXPECT_EQ(calls.load(), 1);
}

TEST(ResultCacheTest, ErrorsAreKeptOrDroppedByPolicy) {
  ResultCache<int> cache(8, [](const Result<int>& result) {
    return result.ok() || result.status().code() == StatusCode::kInvalidArgument;
  });
  int calls = 0;
  auto io_error = [&calls]() -> Result<int> {
    ++calls;
    return IOError("disk");
  };
  auto bad_request = [&calls]() -> Result<int> {
    ++calls;
    return InvalidArgument("bad period");
  };
  EXPECT_EQ(cache.Get("io", 1, io_error, 10s)->status().code(), StatusCode::kIOError);
  EXPECT_EQ(cache.Get("io", 1, io_error, 10s)->status().code(), StatusCode::kIOError);
  EXPECT_EQ(calls, 2);  // transient: tried again
  EXPECT_EQ(cache.Get("bad", 1, bad_request, 10s)->status().message(), "bad period");
  EXPECT_EQ(cache.Get("bad", 1, bad_request, 10s)->status().message(), "bad period");
  EXPECT_EQ(calls, 3);  // a request error is cached
}

TEST(ResultCacheTest, ExceptionBecomesInternalError) {
  ResultCache<int> cache(8);
  auto value = cache.Get("x", 1, []() -> Result<int> { throw std::runtime_error("boom"); }, 10s);
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->status().code(), StatusCode::kInternal);
  EXPECT_EQ(value->status().message(), "boom");
}

TEST(ResultCacheTest, EvictsLeastRecentlyUsed) {
  ResultCache<int> cache(3);
  int calls = 0;
  auto compute = [&calls]() -> Result<int> { return ++calls; };
  for (const char* key : {"a", "b", "c"}) cache.Get(key, 1, compute, 10s);
  cache.Get("a", 1, compute, 10s);  // a is now the most recent
  cache.Get("d", 1, compute, 10s);  // evicts b
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(calls, 4);
  cache.Get("a", 1, compute, 10s);
  cache.Get("c", 1, compute, 10s);
  EXPECT_EQ(calls, 4);  // still cached
  EXPECT_EQ(**cache.Get("b", 1, compute, 10s), 5);  // was evicted: recomputed
}

TEST(ResultCacheTest, DestructorWaitsForRunningComputations) {
  std::atomic<bool> finished{false};
  {
    ResultCache<int> cache(2);
    EXPECT_EQ(cache.Get("k", 1,
                        [&finished]() -> Result<int> {
                          std::this_thread::sleep_for(50ms);
                          finished = true;
                          return 1;
                        },
                        0ms),
              nullptr);
  }
  EXPECT_TRUE(finished.load());
}

}  // namespace
}  // namespace mroi::internal
