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
                        "'E'::text IS NULL"),
            Labels{});
}

TEST(EnumConstants, CaseCoalesceGreatestAndBetweenResolveToTheColumnsType) {
  EXPECT_EQ(enum_labels("SELECT CASE status WHEN 'A' THEN 1 ELSE 0 END, COALESCE(status, 'B'), "
                        "CASE WHEN note = 'X' THEN status ELSE 'C' END, GREATEST(status, 'D') FROM t "
                        "WHERE status BETWEEN 'E' AND 'F'"),
            (Labels{"A", "B", "C", "D", "E", "F"}));
  EXPECT_EQ(enum_labels("SELECT CASE note WHEN 'A' THEN 'B' ELSE note END, COALESCE(note, 'C') FROM t"),
            Labels{});
}

TEST(EnumConstants, ArrayLiteralsComparedWithAnyOrCastToTheArrayType) {
  EXPECT_EQ(enum_labels("SELECT 1 FROM t WHERE status = ANY ('{A,B}') AND status <> ALL ('{C}') AND "
                        "'{D}'::\"Status\"[] IS NOT NULL AND note = ANY ('{X}')"),
            (Labels{"{A,B}", "{C}", "{D}"}));
}

TEST(EnumConstants, RenameLabelInAnArrayLiteralKeepsTheRestAsWritten) {
  EXPECT_EQ(rename_label("A", false, "A", "AA"), "AA");
  EXPECT_EQ(rename_label("AB", false, "A", "AA"), "AB");
  EXPECT_EQ(rename_label("{A,B, A ,\"A\",NULL}", true, "A", "x\"y"),
            "{\"x\\\"y\",B, \"x\\\"y\",\"x\\\"y\",NULL}");
  EXPECT_EQ(rename_label("{B,\"NULL\",NULL}", true, "NULL", "N"), "{B,N,NULL}");
  EXPECT_EQ(rename_label("{B,\"A\"}", true, "A", "NULL"), "{B,\"NULL\"}");
  // Renamed and renamed back: the text written.
  EXPECT_EQ(rename_label(rename_label("{PAID,B}", true, "PAID", "SETTLED"), true, "SETTLED", "PAID"),
            "{PAID,B}");
}

}  // namespace
}  // namespace p2s
