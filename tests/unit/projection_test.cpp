// Which materialized views project one relation's rows (parse/pg_view.h, plain_projection): only
// those whose unique index is a key over that relation's rows.
#include <gtest/gtest.h>

#include "parse/pg_view.h"

namespace p2s {
namespace {

// The source column of each output column, with `t` having columns (a, b, c); "-" when the view is
// not a plain projection; a trailing "?" when a WHERE filters it.
std::string projection(const std::string& sql) {
  auto parsed = ParsedSql::parse(sql);
  const auto& tree = std::get<std::unique_ptr<ParsedSql>>(parsed);
  const PgNode stmt = tree->node_at(nlohmann::json::json_pointer("/stmts/0/stmt"));
  const ViewShape shape =
      analyze_view(stmt, [](const QualifiedName& n) -> std::optional<std::vector<std::string>> {
        if (n.name == "t") return std::vector<std::string>{"a", "b", "c"};
        return std::nullopt;
      });
  const std::optional<Projection> p = plain_projection(stmt, shape.stars);
  if (!p) return "-";
  std::string out = p->relation.name + ":";
  for (const std::string& c : p->columns) out += " " + c;
  return out + (p->filtered ? " ?" : "");
}

TEST(Projection, ColumnsAndStarsOfOneRelation) {
  EXPECT_EQ(projection("CREATE MATERIALIZED VIEW v AS SELECT b, t.a AS x FROM t"), "t: b a");
  EXPECT_EQ(projection("CREATE MATERIALIZED VIEW v AS SELECT c, * FROM t WHERE a > 0"), "t: c a b c ?");
  EXPECT_EQ(projection("CREATE MATERIALIZED VIEW v AS SELECT x.b FROM public.t AS x"), "t: b");
}

TEST(Projection, NotWhenRowsAreMadeOrMerged) {
  EXPECT_EQ(projection("CREATE MATERIALIZED VIEW v AS SELECT a FROM t GROUP BY a"), "-");
  EXPECT_EQ(projection("CREATE MATERIALIZED VIEW v AS SELECT DISTINCT a FROM t"), "-");
  EXPECT_EQ(projection("CREATE MATERIALIZED VIEW v AS SELECT a FROM t UNION ALL SELECT a FROM t"), "-");
  EXPECT_EQ(projection("CREATE MATERIALIZED VIEW v AS SELECT t.a FROM t JOIN t AS u ON true"), "-");
  EXPECT_EQ(projection("CREATE MATERIALIZED VIEW v AS SELECT a + 1 AS a FROM t"), "-");
  EXPECT_EQ(projection("CREATE MATERIALIZED VIEW v AS SELECT count(*) AS n FROM t"), "-");
  EXPECT_EQ(projection("CREATE MATERIALIZED VIEW v AS SELECT a FROM t LIMIT 1"), "-");
  EXPECT_EQ(projection("CREATE MATERIALIZED VIEW v (z) AS SELECT a FROM t"), "-");
  EXPECT_EQ(projection("CREATE MATERIALIZED VIEW v AS SELECT x FROM t AS u(x)"), "-");
}

}  // namespace
}  // namespace p2s
