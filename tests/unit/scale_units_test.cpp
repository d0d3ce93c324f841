// Units behind the scaling work: the line index of SourceSet, the piecewise parse of large SQL files
// and the piecewise check of large JavaScript files.
#include <gtest/gtest.h>

#include "app/check_queue.h"
#include "base/source.h"
#include "check/check.h"
#include "parse/pg_parse.h"

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

// A seed-like SQL file whose statements hold what a careless cut would break: `;` inside strings,
// comments and dollar quotes, statements over several lines, and comments between statements.
std::string seed_sql(size_t rows) {
  std::string sql = "-- CreateTable\nCREATE TABLE \"T\" (\"id\" INTEGER NOT NULL, \"v\" TEXT);\n";
  for (size_t i = 0; i < rows; ++i) {
    const std::string n = std::to_string(i);
    switch (i % 4) {
      case 0:
        sql += "INSERT INTO \"T\" (\"id\", \"v\") VALUES (" + n + ", 'a;b " + n + "');\n";
        break;
      case 1:
        sql += "/* row ; " + n + " */ INSERT INTO \"T\"\n  VALUES (" + n + ", $x$;$x$);\n";
        break;
      case 2:
        sql += "UPDATE \"T\" SET \"v\" = 'u' -- ; not the end\n WHERE \"id\" = " + n + ";\n\n";
        break;
      default:
        sql += "CREATE FUNCTION f" + n + "() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN " + n +
               "; END $$;\n";
    }
  }
  return sql;
}

// Every statement of `sql` as the one-piece parse and the piecewise parse see it.
void expect_same_parse(const std::string& sql, size_t chunk_bytes) {
  auto whole = ParsedSql::parse(sql, sql.size());
  auto pieces = ParsedSql::parse(sql, chunk_bytes);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<ParsedSql>>(whole));
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<ParsedSql>>(pieces));
  const ParsedSql& a = *std::get<std::unique_ptr<ParsedSql>>(whole);
  const ParsedSql& b = *std::get<std::unique_ptr<ParsedSql>>(pieces);
  ASSERT_EQ(a.statement_count(), b.statement_count());
  for (size_t i = 0; i < a.statement_count(); ++i) EXPECT_EQ(a.statement_tree(i), b.statement_tree(i)) << i;
}

TEST(ParsedSql, PiecesParseAsTheWholeFileWithFileLocations) {
  const std::string sql = seed_sql(2000);
  ASSERT_GT(sql.size(), size_t{100} * 1024);
  expect_same_parse(sql, 4096);
  expect_same_parse(sql, 1);  // one statement a piece
}

TEST(ParsedSql, ACutInsideABeginAtomicBodyFallsBackToTheWholeFile) {
  std::string sql = seed_sql(200);
  sql +=
      "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n" + seed_sql(200);
  expect_same_parse(sql, 1);
}

TEST(ParsedSql, ASyntaxErrorInALaterPieceIsReportedAtItsFileOffset) {
  const std::string head = seed_sql(500);
  const std::string sql = head + "INSERT INTO \"T\" VALUES (1, 'x') oops;\n" + seed_sql(10);
  const auto whole = ParsedSql::parse(sql, sql.size());
  const auto pieces = ParsedSql::parse(sql, 4096);
  ASSERT_TRUE(std::holds_alternative<SyntaxError>(whole));
  ASSERT_TRUE(std::holds_alternative<SyntaxError>(pieces));
  EXPECT_EQ(std::get<SyntaxError>(pieces).byte_offset, std::get<SyntaxError>(whole).byte_offset);
  EXPECT_EQ(std::get<SyntaxError>(pieces).message, std::get<SyntaxError>(whole).message);
  EXPECT_GT(std::get<SyntaxError>(pieces).byte_offset, head.size());
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

TEST(Check, PiecesOnSeveralThreadsGiveTheFirstPiecesFailure) {
  std::string js =
      big_migration(20000, "      await queryInterface.sequelize.query('oops, { transaction });\n", 15000);
  // A second error, earlier in the file: whichever thread finds it, it is the one reported.
  js.replace(js.find("// step 3000 "), 13, "// step 3000 \n )");
  const auto one = check_migration_js(js, 1);
  const auto four = check_migration_js(js, 4);
  ASSERT_NE(one, std::nullopt);
  ASSERT_NE(four, std::nullopt);
  EXPECT_LT(one->line, 5u + 3u * 3001u);
  EXPECT_EQ(four->line, one->line);
  EXPECT_EQ(four->message, one->message);
  EXPECT_EQ(check_migration_js(big_migration(20000), 4), std::nullopt);
}

TEST(CheckQueue, ReportsTheFirstBadFileInSubmissionOrder) {
  const std::string good = big_migration(10);
  const std::string bad_late = big_migration(10, "      await oops(;\n", 8);
  const std::string bad_early = big_migration(10, "      await oops(;\n", 2);
  CheckQueue queue(2);
  queue.submit("a", &good);
  queue.submit("b", &bad_late);
  queue.submit("c", &good);
  queue.submit("d", &bad_early);
  const auto f = queue.finish();
  ASSERT_NE(f, std::nullopt);
  EXPECT_EQ(f->name, "b");
  EXPECT_EQ(f->where.line, check_migration_js(bad_late)->line);
  CheckQueue clean(2);
  clean.submit("a", &good);
  EXPECT_EQ(clean.finish(), std::nullopt);
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
