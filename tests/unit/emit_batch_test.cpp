// emit_migration's batch of data statements: its query is written into the body piece by piece
// (escaped statement by statement, the body kept in 1 MiB pieces), and must be exactly the template
// literal of the statements joined as Prisma sends them: `;` after each, on a line of its own after
// a `--` comment.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "check/check.h"
#include "emit/emit.h"
#include "emit/js_escape.h"

namespace p2s {
namespace {

Step data_step(std::string up, std::string down) {
  Step s;
  s.summary = "INSERT INTO \"T\"";
  s.translation = "sql";
  s.data_change = true;
  s.up.push_back(SqlOp{std::move(up)});
  s.down.push_back(SqlOp{std::move(down)});
  return s;
}

// The join, written the plain way.
std::string joined(const std::vector<std::string>& statements) {
  std::string sql;
  for (const std::string& one : statements) {
    if (!sql.empty()) {
      const size_t line = sql.rfind('\n');
      sql += sql.find("--", line == std::string::npos ? 0 : line) != std::string::npos ? "\n;\n" : ";\n";
    }
    sql += one;
  }
  return sql;
}

struct Batch {
  std::vector<Segment> segments{Segment{true, "", {}}};
  std::vector<uint32_t> lines;
  std::vector<std::string> ups, downs;
  void add(std::string up, std::string down) {
    ups.push_back(up);
    downs.insert(downs.begin(), down);  // down() undoes the rows in reverse
    segments[0].steps.push_back(data_step(std::move(up), std::move(down)));
    lines.push_back(static_cast<uint32_t>(lines.size() + 1));
  }
};

TEST(EmitBatch, TheQueryIsTheEscapedJoinOfItsStatements) {
  Batch b;
  const std::vector<std::string> awkward = {
      "INSERT INTO \"T\" VALUES ('a`b', '${x}', 'back\\slash')",
      "INSERT INTO \"T\" VALUES (1) -- a comment",
      "INSERT INTO \"T\" VALUES (2)\n  -- a comment on its own line\n",
      "INSERT INTO \"T\" VALUES ('$', '{')",
      "INSERT INTO \"T\" VALUES ('\xE2\x80\xA8', '\xC2\xA0', '\r')",
      "INSERT INTO \"T\" VALUES ('--') -- and a comment\nRETURNING 1",
  };
  for (size_t i = 0; i < 60; ++i) {
    b.add(awkward[i % awkward.size()], "DELETE FROM \"T\" WHERE \"id\" = " + std::to_string(i) + " -- row");
  }
  const std::string js = emit_migration("m/migration.sql", b.segments, b.lines);
  EXPECT_NE(js.find(js_quote(joined(b.ups), JsQuote::kTemplate)), std::string::npos) << js;
  EXPECT_NE(js.find(js_quote(joined(b.downs), JsQuote::kTemplate)), std::string::npos) << js;
  EXPECT_NE(js.find("// INSERT INTO \"T\" (migration.sql:1) to INSERT INTO \"T\" (migration.sql:60): 60 data "
                    "statements in one query"),
            std::string::npos)
      << js;
  EXPECT_NE(js.find("// INSERT INTO \"T\" (migration.sql:60) to INSERT INTO \"T\" (migration.sql:1): 60 data "
                    "statements in one query"),
            std::string::npos)
      << js;
  EXPECT_EQ(check_migration_js(js), std::nullopt) << js;
}

TEST(EmitBatch, ABodyOfManyPiecesReadsAsOne) {
  Batch b;
  for (size_t i = 0; i < 25000; ++i) {
    b.add("INSERT INTO \"T\" (\"id\", \"name\") VALUES (" + std::to_string(i) + ", 'name " +
              std::to_string(i) + "')",
          "DELETE FROM \"T\" WHERE \"id\" = " + std::to_string(i));
  }
  b.segments[0].steps[12000].up = {NoteOp{"a step that breaks the batch in two"}};  // a statement between
  b.ups.erase(b.ups.begin() + 12000);
  const std::string js = emit_migration("m/migration.sql", b.segments, b.lines);
  ASSERT_GT(js.size(), size_t{2} << 20);
  const std::vector<std::string> first(b.ups.begin(), b.ups.begin() + 12000);
  const std::vector<std::string> second(b.ups.begin() + 12000, b.ups.end());
  EXPECT_NE(js.find(js_quote(joined(first), JsQuote::kTemplate)), std::string::npos);
  EXPECT_NE(js.find("\n      // a step that breaks the batch in two\n"), std::string::npos);
  EXPECT_NE(js.find(js_quote(joined(second), JsQuote::kTemplate)), std::string::npos);
  EXPECT_NE(js.find(js_quote(joined(b.downs), JsQuote::kTemplate)), std::string::npos);
  EXPECT_EQ(js.find(" \n"), std::string::npos);  // no trailing blank where pieces meet
  EXPECT_EQ(check_migration_js(js), std::nullopt);
}

TEST(EmitBatch, ALabelWithoutALineIsTheSummaryAlone) {
  Batch b;
  b.add("SELECT 1", "SELECT 2");
  b.lines[0] = 0;
  const std::string js = emit_migration("m/migration.sql", b.segments, b.lines);
  EXPECT_NE(js.find("// INSERT INTO \"T\"\n"), std::string::npos) << js;
}

}  // namespace
}  // namespace p2s
