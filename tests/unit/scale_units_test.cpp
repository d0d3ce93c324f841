// Units behind the scaling work: the line index of SourceSet and the piecewise check of large files.
#include <gtest/gtest.h>

#include "base/source.h"
#include "check/check.h"

namespace p2s {
namespace {

TEST(SourceSet, LineColMatchesAScanFromTheStart) {
  SourceSet sources;
  const std::string text = "a\nbc\r\n\n  d";
  const uint32_t f = sources.add(SourceFile{"m.sql", text});
  uint32_t line = 1, column = 1;
  for (uint32_t at = 0; at <= text.size() + 2; ++at) {
    const LineCol lc = sources.line_col(SourceLoc{f, at});
    EXPECT_EQ(lc.line, line) << at;
    EXPECT_EQ(lc.column, column) << at;
    if (at < text.size() && text[at] == '\n') {
      ++line;
      column = 1;
    } else if (at < text.size()) {
      ++column;
    }
  }
  EXPECT_EQ(sources.describe(SourceLoc{f, 9}), "m.sql:4:3");
}

// A migration file larger than the whole-file limit (1 MiB), with a multi-line template literal and
// a ${...} in every step, so that pieces are cut between steps and never inside a literal.
std::string big_migration(size_t steps, const std::string& bad_step = "", size_t bad_at = 0) {
  std::string js =
      "'use strict';\n\nmodule.exports = {\n  async up(queryInterface, Sequelize) {\n"
      "    await queryInterface.sequelize.transaction(async (transaction) => {\n";
  for (size_t i = 0; i < steps; ++i) {
    js += "      // step " + std::to_string(i) + " (it's here)\n";
    js += i == bad_at && !bad_step.empty()
              ? bad_step
              : "      await queryInterface.sequelize.query(`INSERT INTO \"T\" VALUES ('{', ${1 + " +
                    std::to_string(i) + "})\n        -- '(' and /* */`, { transaction });\n";
  }
  js +=
      "    });\n  },\n\n  async down(queryInterface, Sequelize) {\n    await queryInterface.dropTable('T');\n"
      "  },\n};\n";
  return js;
}

TEST(Check, LargeFileIsCheckedInPieces) {
  const std::string js = big_migration(20000);
  ASSERT_GT(js.size(), size_t{2} << 20);
  EXPECT_EQ(check_migration_js(js), std::nullopt);
}

TEST(Check, LargeFileErrorIsFoundWithItsLine) {
  const std::string js =
      big_migration(20000, "      await queryInterface.sequelize.query('oops, { transaction });\n", 15000);
  const auto f = check_migration_js(js);
  ASSERT_NE(f, std::nullopt);
  // 5 header lines, then 3 lines per step: step 15000's query is on line 5 + 3 * 15000 + 2.
  EXPECT_EQ(f->line, 5u + 3u * 15000u + 2u) << f->message;
}

TEST(Check, LargeFileUnterminatedTemplateFails) {
  const std::string js =
      big_migration(20000, "      await queryInterface.sequelize.query(`oops, { transaction });\n", 7000);
  EXPECT_NE(check_migration_js(js), std::nullopt);
}

TEST(Check, LargeFileWithoutDownFails) {
  std::string js = big_migration(20000);
  js.replace(js.find("async down"), 10, "async dawn");
  const auto f = check_migration_js(js);
  ASSERT_NE(f, std::nullopt);
  EXPECT_EQ(f->message, "module.exports has no async down() method");
}

}  // namespace
}  // namespace p2s
