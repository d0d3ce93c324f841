#include "lower/lower_session.h"

namespace p2s {
namespace {

// Whether a statement's WITH clause holds a data-modifying statement (WITH x AS (INSERT ...)).
bool modifies_in_with(const Json& stmt) {
  if (!stmt.contains("withClause")) return false;
  for (const Json& cte : list(stmt["withClause"], "ctes")) {
    const Json& q = cte["CommonTableExpr"]["ctequery"];
    if (q.contains("InsertStmt") || q.contains("UpdateStmt") || q.contains("DeleteStmt") ||
        q.contains("MergeStmt"))
      return true;
  }
  return false;
}

}  // namespace

std::optional<StmtKind> lower_session(const LowerCtx& ctx, const Ptr& p, const std::string& tag) {
  const Json s = ctx.at(p);
  if (tag == "LockStmt") return NoSchemaEffect{"LOCK TABLE"};
  const Json* rel = nullptr;
  if (tag == "CreateStmt" && s.contains("relation")) rel = &s["relation"];
  if (tag == "CreateTableAsStmt" && str(s, "objtype") == "OBJECT_TABLE") rel = &s["into"]["rel"];
  if (tag == "SelectStmt" && s.contains("intoClause")) rel = &s["intoClause"]["rel"];
  if (rel == nullptr || rel->is_null()) return std::nullopt;
  if (str(*rel, "relpersistence") != "t") return std::nullopt;
  CreateTempTable t;
  t.name = str(*rel, "relname");
  if (tag == "CreateTableAsStmt" && s.contains("query")) {
    const Json& q = s["query"];
    if (q.contains("SelectStmt")) t.changes_data = modifies_in_with(q["SelectStmt"]);
  }
  if (tag == "SelectStmt") t.changes_data = modifies_in_with(s);
  return t;
}

std::optional<QName> data_target(const Json& stmt) {
  if (!stmt.contains("relation") || !stmt["relation"].is_object()) return std::nullopt;
  if (modifies_in_with(stmt)) return std::nullopt;  // it writes other tables too
  return range_var(stmt["relation"]);
}

}  // namespace p2s
