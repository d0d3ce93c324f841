// base/json.h: a const lookup of a key the JSON lacks throws (in a release build too) rather than
// reading past the map's end; and statement forms whose parse tree lacks a node the common form has
// are read as not modelled, not misread.
#include <gtest/gtest.h>

#include <stdexcept>

#include "base/json.h"
#include "support.h"

namespace p2s {
namespace {

TEST(JsonLookup, MissingKeyOfAConstObjectThrows) {
  const nlohmann::json j = nlohmann::json::parse(R"({"present": {"List": []}})");
  EXPECT_NO_THROW((void)j["present"]["List"]);
  EXPECT_THROW((void)j["def"], std::logic_error);
}

// ALTER VIEW / MATERIALIZED VIEW / INDEX commands other than SET/RESET (...) carry no "def" node.
TEST(JsonLookup, RelationCommandsWithoutOptionsArePassedThrough) {
  test::Pipeline p;
  p.run(
      "CREATE TABLE t (id integer); CREATE VIEW v AS SELECT id FROM t;"
      "CREATE MATERIALIZED VIEW m AS SELECT id FROM t; CREATE INDEX t_id ON t (id);");
  for (const char* sql :
       {"ALTER VIEW v ALTER COLUMN id SET DEFAULT 1", "ALTER INDEX t_id OWNER TO postgres",
        "ALTER MATERIALIZED VIEW m CLUSTER ON m_id", "ALTER INDEX t_id ALTER COLUMN 1 SET STATISTICS 100"}) {
    const std::vector<Step> steps = p.run(sql);
    ASSERT_EQ(steps.size(), 1u) << sql;
    EXPECT_EQ(steps[0].reversibility, Reversibility::kIrreversible) << sql;
    EXPECT_NE(steps[0].note.find("not modelled"), std::string::npos) << sql << ": " << steps[0].note;
  }
  for (const Diagnostic& d : p.diags.all()) EXPECT_NE(d.code, "internal-error") << d.message;
}

}  // namespace
}  // namespace p2s
