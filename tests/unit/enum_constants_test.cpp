// Which string constants PostgreSQL types as an enum (parse/pg_enum_constants.h): those compared
// with a column of the type or cast to it, and no other. Each case was checked in psql: after
// ALTER TYPE ... RENAME VALUE, pg_get_viewdef shows the new label exactly there.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "parse/pg_enum_constants.h"
#include "parse/pg_view.h"

namespace p2s {
namespace {

std::vector<std::string> enum_labels(const std::string& sql) {
  auto parsed = ParsedSql::parse(sql);
  const auto& tree = std::get<std::unique_ptr<ParsedSql>>(parsed);
  const PgNode stmt = tree->node_at(nlohmann::json::json_pointer("/stmts/0/stmt"));
  std::map<const void*, std::string> names;
  for (const auto& [ref, column] : column_refs(stmt)) names[ref] = column;
  const QualifiedName status{"", "Status"};
  EnumTypes types;
  types.of_column = [&](const void* ref) -> std::optional<QualifiedName> {
    return names.at(ref) == "status" ? std::optional(status) : std::nullopt;
  };
  types.named = [&](const QualifiedName& n) -> std::optional<QualifiedName> {
    return n.name == "Status" ? std::optional(status) : std::nullopt;
  };
  std::vector<std::string> out;
  for (const EnumConstant& c : enum_constants(stmt, types)) out.push_back(c.written);
  std::sort(out.begin(), out.end());
  return out;
}

using Labels = std::vector<std::string>;

TEST(EnumConstants, ComparedWithAnEnumColumnOnEitherSide) {
  EXPECT_EQ(
      enum_labels("SELECT 1 FROM t WHERE status = 'A' AND 'B' <> t.status AND status IS DISTINCT FROM 'C'"),
      (Labels{"A", "B", "C"}));
}

TEST(EnumConstants, InListsAndCasts) {
  EXPECT_EQ(enum_labels("SELECT 'E'::\"Status\" FROM t WHERE status IN ('C', 'D')"), (Labels{"C", "D", "E"}));
}

TEST(EnumConstants, NotTheSameStringComparedWithAnotherColumnOrCastToText) {
  EXPECT_EQ(enum_labels("SELECT 1 FROM t WHERE note = 'A' AND status::text = 'B' AND note IN ('C') AND "
                        "'D'::\"Status\"[] IS NULL AND 'E'::text IS NULL"),
            Labels{});
}

}  // namespace
}  // namespace p2s
