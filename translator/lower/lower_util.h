// Shared helpers of the lowering files: reading libpg_query's JSON (which omits false, 0 and empty
// lists) and turning its common nodes (RangeVar, TypeName, String lists) into model values.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/json.h"
#include "lower/ir.h"
#include "parse/pg_parse.h"

namespace p2s {

using Json = nlohmann::json;
using Ptr = Json::json_pointer;
class TypeSqlCache;

struct LowerCtx {
  const ParsedSql& parsed;
  uint32_t file;
  const std::string& text;
  Diagnostics& diags;
  uint32_t stmt_offset = 0;
  std::string stmt_sql;              // the statement's own text
  const Json* stmt_tree = nullptr;   // ParsedSql::statement_tree of the statement being lowered
  TypeSqlCache* type_sql = nullptr;  // null: every TypeName is deparsed

  SourceLoc loc_of(const Json& node) const;  // node "location" or the statement start
  // The node at a pointer into the file's tree ("/stmts/<i>/stmt/..."), inside the statement's tree.
  const Json& at(const Ptr& p) const;
  PgNode pg(const Ptr& p) const { return parsed.node_at(p); }
};

std::string str(const Json& j, const char* key);  // "" when absent
bool flag(const Json& j, const char* key);
int integer(const Json& j, const char* key);
const Json& list(const Json& j, const char* key);  // empty array when absent

std::string sval(const Json& string_node);  // {"String":{"sval":..}}
std::vector<std::string> svals(const Json& list_of_string_nodes);
QName range_var(const Json& range_var_body);
// A RoleSpec as SQL: a quoted role name, CURRENT_USER, CURRENT_ROLE or SESSION_USER; "" for PUBLIC.
std::string role_sql(const Json& role_spec);
QName qname_of(const std::vector<std::string>& parts);  // [schema,] name

TypeRef lower_type(const LowerCtx& ctx, const Ptr& type_name);
// Every column name an expression/index/constraint tree mentions (ColumnRef last field, IndexElem name).
// CREATE/ALTER SEQUENCE and identity options, each as its SQL clause ("START WITH 1000").
struct SequenceOptions {
  std::vector<std::pair<std::string, std::string>> items;  // option name -> clause
  std::optional<std::vector<std::string>> owned_by;        // ["none"] or [schema.]table.column
  bool restart = false;
  bool supported = true;
  std::string sql() const;  // the clauses joined by spaces
};
SequenceOptions sequence_options(const LowerCtx& ctx, const Ptr& options);
// Storage parameters (WITH / SET / RESET lists of DefElem), each value as pg_class.reloptions holds
// it; nullopt for a namespaced one (`toast.fillfactor`: it is the TOAST table's) or a value that is
// not a constant.
std::optional<RelOptions> rel_options(const Json& defs);

void collect_column_refs(const Json& node, std::vector<std::string>& out);

}  // namespace p2s
