// The one door to libpg_query. Parses SQL into the JSON tree the lowering reads and keeps the
// protobuf form of the same tree, so that sub-trees can be turned back into SQL by libpg_query's
// own deparser (with columns and relations renamed to their current names).
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace p2s {

// original column name (as written in the node) -> current name
using ColumnMap = std::map<std::string, std::string>;

struct SyntaxError {
  std::string message;
  uint32_t byte_offset = 0;  // 0-based, converted from libpg_query's 1-based character position
};

// An opaque handle to a protobuf Node (or, for types, a TypeName message) inside a ParsedSql.
struct PgNode {
  void* message = nullptr;
  explicit operator bool() const { return message != nullptr; }
};

class ParsedSql {
 public:
  static std::variant<std::unique_ptr<ParsedSql>, SyntaxError> parse(const std::string& sql);
  ~ParsedSql();
  ParsedSql(const ParsedSql&) = delete;
  ParsedSql& operator=(const ParsedSql&) = delete;

  const nlohmann::json& tree() const { return tree_; }
  // The protobuf message at a JSON pointer into tree(), e.g. "/stmts/0/stmt/CreateStmt/tableElts/1".
  PgNode node_at(const nlohmann::json::json_pointer& ptr) const;

 private:
  ParsedSql() = default;
  nlohmann::json tree_;
  void* protobuf_ = nullptr;
};

// Deparse an expression Node, with ColumnRefs renamed through `columns`.
std::string deparse_expr(PgNode expr, const ColumnMap& columns = {});
// Deparse a TypeName message, e.g. "timestamp(3)", "varchar(191)[]", "\"Role\"".
std::string deparse_type(PgNode type_name);

struct QualifiedName {
  std::string schema;  // empty: the search path's first schema
  std::string name;
};

// CREATE [UNIQUE] INDEX name ON table ... from an IndexStmt node, never CONCURRENTLY or IF NOT EXISTS.
std::string render_index(PgNode index_stmt, const std::string& name, const QualifiedName& table,
                         const ColumnMap& columns);
// "CONSTRAINT name ..." from a Constraint node; `ref_table`/`ref_columns` apply to foreign keys.
// `inline_column` names the column of a constraint written inline on a column (which has no key list).
std::string render_constraint(PgNode constraint, const std::string& name, const ColumnMap& columns,
                              const QualifiedName& ref_table, const ColumnMap& ref_columns,
                              const std::string& inline_column, bool not_valid);

// A view's or materialized view's creating statement (a ViewStmt or CreateTableAsStmt node),
// with column references renamed through `columns` (output names kept with AS) and relations
// renamed through `relations` (original name -> current name).
std::string render_view(PgNode stmt, const ColumnMap& columns,
                        const std::map<std::string, std::string>& relations);

// PostgreSQL's quoting of an identifier (quote_identifier), and of a string literal.
std::string quote_ident(std::string_view ident);
std::string quote_literal(std::string_view text);
std::string qualified(const QualifiedName& name);

}  // namespace p2s
