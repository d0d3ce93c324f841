// CheckQueue: the verdicts of the worker, and an exception on it (bad_alloc, a bug in the checker)
// reported as our bug for the file it was checking, never a std::terminate of the process.
#include "app/check_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <new>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

namespace p2s {
namespace {

// (The order of verdicts is tested in scale_units_test.cpp.)
TEST(CheckQueue, AnInvalidFileIsDescribedWithItsPlace) {
  const CheckQueue::Failure f{"20240101000000_init", {3, 7, "unexpected token"}, false};
  EXPECT_EQ(
      f.describe("20240101000000-init.js"),
      "the output for 20240101000000_init is not valid JavaScript: 20240101000000-init.js:3:7: unexpected "
      "token (this is a bug in prisma2sequelize)");
}

TEST(CheckQueue, AnExceptionWhileCheckingIsReportedAsOurBugForThatFile) {
  int calls = 0;
  CheckQueue queue(1, [&](const std::string& js, unsigned) -> std::optional<CheckFailure> {
    ++calls;
    if (js == "throws") throw std::bad_alloc();
    return std::nullopt;
  });
  const std::string fine = "fine", throws = "throws";
  queue.submit("20240101000000_init", &fine);
  queue.submit("20240102000000_seed", &throws);
  queue.submit("20240103000000_later", &fine);
  const auto failure = queue.finish();
  ASSERT_NE(failure, std::nullopt);
  EXPECT_EQ(failure->name, "20240102000000_seed");
  EXPECT_TRUE(failure->threw);
  // No verdict is needed after the first failure; the file after it may already be under way on
  // the other thread when it is found.
  EXPECT_GE(calls, 2);
  EXPECT_LE(calls, 3);
  const std::string message = failure->describe("20240102000000-seed.js");
  EXPECT_EQ(
      message,
      "checking the output for 20240102000000_seed (20240102000000-seed.js) failed: std::bad_alloc (this "
      "is a bug in prisma2sequelize)");
}

// The thread that calls finish() checks queued files beside the worker: here the worker's file waits
// until a second file is being checked at the same time, which only finish()'s thread can start.
TEST(CheckQueue, FinishChecksOnTheCallingThreadToo) {
  std::mutex m;
  std::condition_variable cv;
  int running = 0;
  std::set<std::thread::id> threads;
  CheckQueue queue(1, [&](const std::string&, unsigned) -> std::optional<CheckFailure> {
    std::unique_lock<std::mutex> lock(m);
    threads.insert(std::this_thread::get_id());
    ++running;
    cv.notify_all();
    if (!cv.wait_for(lock, std::chrono::seconds(10), [&] { return running >= 2; }))
      return CheckFailure{1, 1, "no second file was checked at the same time"};
    return std::nullopt;
  });
  const std::string a = "a", b = "b";
  queue.submit("first", &a);
  {  // the worker has taken the first file before the second is queued
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return running >= 1; });
  }
  queue.submit("second", &b);
  EXPECT_EQ(queue.finish(), std::nullopt);
  EXPECT_EQ(threads.size(), 2u);
  EXPECT_TRUE(threads.count(std::this_thread::get_id()));
}

TEST(CheckQueue, AnExceptionOfAnyTypeIsCaught) {
  CheckQueue queue(1, [](const std::string&, unsigned) -> std::optional<CheckFailure> { throw 42; });
  const std::string js = "x";
  queue.submit("m", &js);
  const auto failure = queue.finish();
  ASSERT_NE(failure, std::nullopt);
  EXPECT_TRUE(failure->threw);
  EXPECT_EQ(failure->name, "m");
  EXPECT_EQ(failure->describe("m.js"),
            "checking the output for m (m.js) failed: an exception without a message (this is a bug in "
            "prisma2sequelize)");
}

}  // namespace
}  // namespace p2s
