// Foreign-key binding (model/key_order.h): rows of a setup script replayed into the model and the
// keys over one column set, oldest first, as PostgreSQL 15 orders them by oid (each expected order
// checked in psql with pg_class.oid and pg_constraint.conindid, written by hand).
#include "model/key_order.h"

#include <gtest/gtest.h>

#include "support.h"

namespace p2s::test {
namespace {

struct Row {
  const char* name;
  const char* setup;
  const char* table;
  std::vector<std::string> set;
  std::vector<std::string> expected;  // oldest first; the first binds the foreign keys
};

void PrintTo(const Row& row, std::ostream* os) {
  *os << row.name;
}

class KeyOrder : public testing::TestWithParam<Row> {};

const Row kRows[] = {
    {"CreationOrder",
     "CREATE TABLE p (id text NOT NULL, CONSTRAINT p_pkey PRIMARY KEY (id));"
     "CREATE UNIQUE INDEX p_id_idx ON p (id);"
     "ALTER TABLE p ADD CONSTRAINT p_id_key UNIQUE (id);",
     "p",
     {"id"},
     {"p_pkey", "p_id_idx", "p_id_key"}},
    {"RetypeRebuildsConstraintIndexesFirst",
     "CREATE TABLE p (id varchar(20) NOT NULL);"
     "CREATE UNIQUE INDEX p_id_idx ON p (id);"
     "ALTER TABLE p ADD CONSTRAINT p_id_key UNIQUE (id);"
     "ALTER TABLE p ADD PRIMARY KEY (id);"
     "ALTER TABLE p ALTER COLUMN id TYPE text;",
     "p",
     {"id"},
     {"p_id_key", "p_pkey", "p_id_idx"}},
    {"UsingIndexKeepsTheIndexPlace",
     "CREATE TABLE p (id int NOT NULL);"
     "CREATE UNIQUE INDEX p_first ON p (id);"
     "ALTER TABLE p ADD CONSTRAINT p_id_key UNIQUE (id);"
     "ALTER TABLE p ADD CONSTRAINT p_first UNIQUE USING INDEX p_first;",
     "p",
     {"id"},
     {"p_first", "p_id_key"}},
    {"ColumnsInAnyOrderPartialDeferrableAndExpressionsLeftOut",
     "CREATE TABLE p (a int NOT NULL, b int NOT NULL);"
     "ALTER TABLE p ADD CONSTRAINT p_later UNIQUE (a, b) DEFERRABLE;"
     "CREATE UNIQUE INDEX p_partial ON p (a, b) WHERE a > 0;"
     "CREATE UNIQUE INDEX p_expr ON p (a, (b + 1));"
     "CREATE UNIQUE INDEX p_ba ON p (b, a);"
     "ALTER TABLE p ADD CONSTRAINT p_ab UNIQUE (a, b);",
     "p",
     {"a", "b"},
     {"p_ba", "p_ab"}},
    {"RenamesKeepThePlace",
     "CREATE TABLE p (id int NOT NULL, CONSTRAINT p_pkey PRIMARY KEY (id));"
     "CREATE UNIQUE INDEX p_id_idx ON p (id);"
     "ALTER INDEX p_id_idx RENAME TO p_id_first;"
     "ALTER TABLE p RENAME CONSTRAINT p_pkey TO p_key;",
     "p",
     {"id"},
     {"p_key", "p_id_first"}},
};

TEST_P(KeyOrder, OldestFirst) {
  const Row& row = GetParam();
  Pipeline p;
  p.run(row.setup);
  std::vector<std::string> got;
  for (const KeyCandidate& k : key_candidates(p.schema, QName{"", row.table}, column_set(row.set)))
    got.push_back(k.name());
  EXPECT_EQ(got, row.expected);
  ASSERT_FALSE(got.empty());
  EXPECT_TRUE(binds_foreign_keys(p.schema, QName{"", row.table}, column_set(row.set), got.front()));
  if (got.size() > 1) {
    EXPECT_FALSE(binds_foreign_keys(p.schema, QName{"", row.table}, column_set(row.set), got.back()));
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, KeyOrder, testing::ValuesIn(kRows),
                         [](const testing::TestParamInfo<Row>& info) {
                           return std::string(info.param.name);
                         });

TEST(KeyOrder, CascadeOfAnUnboundKeyKeepsTheForeignKey) {
  Pipeline p;
  p.run(
      "CREATE TABLE p (id int NOT NULL, CONSTRAINT p_pkey PRIMARY KEY (id));"
      "ALTER TABLE p ADD CONSTRAINT p_id_key UNIQUE (id);"
      "CREATE TABLE c (pid int REFERENCES p (id));"
      "ALTER TABLE p DROP CONSTRAINT p_id_key CASCADE;");
  ASSERT_NE(p.schema.table(QName{"", "c"}), nullptr);
  EXPECT_EQ(p.schema.table(QName{"", "c"})->constraints.size(), 1u);
  p.run("ALTER TABLE p DROP CONSTRAINT p_pkey CASCADE;");
  EXPECT_TRUE(p.schema.table(QName{"", "c"})->constraints.empty());
}

}  // namespace
}  // namespace p2s::test
