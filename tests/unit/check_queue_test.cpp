// CheckQueue: the verdicts of the worker, and an exception on it (bad_alloc, a bug in the checker)
// reported as our bug for the file it was checking, never a std::terminate of the process.
#include "app/check_queue.h"

#include <gtest/gtest.h>

#include <new>
#include <stdexcept>
#include <string>

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
  EXPECT_EQ(calls, 2);  // no verdict is needed after the first failure
  const std::string message = failure->describe("20240102000000-seed.js");
  EXPECT_EQ(
      message,
      "checking the output for 20240102000000_seed (20240102000000-seed.js) failed: std::bad_alloc (this "
      "is a bug in prisma2sequelize)");
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
