// The one door to libpg_query. Parses SQL once, to libpg_query's protobuf form, and gives the
// lowering each statement as the JSON tree libpg_query would print for it (built from the protobuf
// tree, one statement at a time), while the protobuf form of the same tree stays available so that
// sub-trees can be turned back into SQL by libpg_query's own deparser (with columns and relations
// renamed to their current names).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/json.h"

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

// One file's statements. Each statement's protobuf tree is unpacked when it is first asked for and
// lives as long as the ParsedSql (the schema model keeps PgNode handles into it), unless it is
// released: a seed file's thousands of INSERTs then cost no memory once lowered.
class ParsedSql {
 public:
  // Files above `chunk_bytes` are parsed in pieces of about that size, cut at statement boundaries
  // (libpg_query's scanner split), so that libpg_query's whole-file parse tree never exists at once:
  // a seed file of a million INSERTs costs the memory of one piece. Locations stay file offsets. A
  // piece that does not parse (a syntax error, or a cut the scanner placed inside a BEGIN ATOMIC
  // body) sends the whole file to the one-piece parse, whose result or error is then the answer.
  static constexpr size_t kChunkBytes = 256 * 1024;
  static std::variant<std::unique_ptr<ParsedSql>, SyntaxError> parse(const std::string& sql,
                                                                     size_t chunk_bytes = kChunkBytes);
  ~ParsedSql();
  ParsedSql(const ParsedSql&) = delete;
  ParsedSql& operator=(const ParsedSql&) = delete;

  size_t statement_count() const { return spans_.size(); }
  // Statement i as libpg_query's JSON prints an element of "stmts": {"stmt":{...},"stmt_location":..}.
  nlohmann::json statement_tree(size_t i) const;
  // The whole file's JSON tree ({"version":..,"stmts":[..]}), built on first use; statement_tree is
  // the economical way. Not after release().
  const nlohmann::json& tree() const;
  // The protobuf message at a JSON pointer into tree(), e.g. "/stmts/0/stmt/CreateStmt/tableElts/1".
  PgNode node_at(const nlohmann::json::json_pointer& ptr) const;
  // Frees statement i's protobuf tree: for statements whose lowering keeps no PgNode into it.
  void release(size_t i);
  // Frees the packed form once every statement has been unpacked or released.
  void drop_packed();
  // Keeps another tree alive as long as this one (the statements of a DO block, parsed apart, are
  // held by the model as long as the file's own).
  void adopt(std::shared_ptr<ParsedSql> child) const {
    const std::lock_guard<std::mutex> lock(children_mutex_);
    children_.push_back(std::move(child));
  }

 private:
  ParsedSql() = default;
  static std::variant<std::unique_ptr<ParsedSql>, SyntaxError> parse_whole(const std::string& sql);
  // Appends one piece's packed ParseResult; its locations are relative to file offset `base`.
  void add_packed(const uint8_t* bytes, size_t len, uint32_t base);
  void* statement(size_t i) const;  // the unpacked RawStmt
  std::vector<uint8_t> packed_;     // the ParseResults (one per piece) as libpg_query packed them
  struct Span {
    uint32_t offset, size;  // of one RawStmt inside packed_
    uint32_t base;          // file offset of its piece, added to its locations when unpacked
  };
  std::vector<Span> spans_;
  int32_t version_ = 0;
  mutable std::vector<void*> stmts_;  // unpacked lazily (logically const: the same tree either way)
  class Arena;                        // the memory of one unpacked statement (pg_parse.cpp)
  mutable std::vector<std::unique_ptr<Arena>> arenas_;
  // One byte a statement, not vector<bool>'s bits: threads lowering different statements of one
  // file (app/front_end.cpp) write different elements, never the same word.
  std::vector<uint8_t> released_;
  mutable std::unique_ptr<nlohmann::json> tree_;
  mutable std::mutex children_mutex_;
  mutable std::vector<std::shared_ptr<ParsedSql>> children_;
};

// Deparse an expression Node, with ColumnRefs renamed through `columns`.
std::string deparse_expr(PgNode expr, const ColumnMap& columns = {});
// Deparse a TypeName message, e.g. "timestamp(3)", "varchar(191)[]", "\"Role\"".
std::string deparse_type(PgNode type_name);

struct QualifiedName {
  std::string schema;  // empty: the search path's first schema
  std::string name;
};

// Relations renamed or moved since a definition was written: original name -> current schema and
// name (an empty schema: it stays where it was).
using RelationMap = std::map<std::string, QualifiedName>;

// Names in a definition that PostgreSQL keeps by oid, renamed since written: a message -> its text
// now. An enum label's string constant (an A_Const message, typed by PostgreSQL's analysis,
// pg_enum_constants.h) follows ALTER TYPE ... RENAME VALUE; a type's name (the last String message of
// a TypeName's names, type_name_refs) follows ALTER TYPE ... RENAME TO, and the TypeName message
// itself maps to the schema it was moved to by ALTER TYPE ... SET SCHEMA (it is then qualified).
using OidNames = std::map<const void*, std::string>;
// Deparse an expression Node with ColumnRefs renamed through `columns` and `labels` applied.
std::string deparse_expr(PgNode expr, const ColumnMap& columns, const OidNames& labels);

// A type named in a definition (a cast, a column definition's type): the TypeName message (the key
// OidNames gives its schema by), the String message holding its own name (the key OidNames renames it
// by), and the name as written (schema empty when unqualified).
struct TypeNameRef {
  const void* type = nullptr;
  const void* name = nullptr;
  QualifiedName written;
};
std::vector<TypeNameRef> type_name_refs(PgNode node);
// The functions a definition calls (FuncCall nodes), each name as written.
std::vector<QualifiedName> function_call_names(PgNode node);
// A TypeName deparsed with the type names renamed or moved since written (OidNames).
std::string deparse_type(PgNode type_name, const OidNames& labels);
// The TypeName messages of a CreateFunctionStmt's signature (its IN, INOUT and VARIADIC parameters:
// what DROP FUNCTION names), from the Node wrapping the statement.
std::vector<PgNode> function_arg_types(PgNode create_function);
// Whether PostgreSQL checks a function's body when it is created: LANGUAGE sql with the body as a
// string (a BEGIN ATOMIC or RETURN body is parsed whatever check_function_bodies says).
bool function_body_checked(PgNode create_function);

// CREATE [UNIQUE] INDEX name ON table ... from an IndexStmt node, never CONCURRENTLY or IF NOT EXISTS.
// `labels`: names renamed since (enum labels, type names: OidNames).
std::string render_index(PgNode index_stmt, const std::string& name, const QualifiedName& table,
                         const ColumnMap& columns, const OidNames& labels = {});
// "CONSTRAINT name ..." from a Constraint node; `ref_table`/`ref_columns` apply to foreign keys.
// `inline_column` names the column of a constraint written inline on a column (which has no key list).
// `not_valid`, `deferrable`, `initially_deferred`: as the constraint is now (VALIDATE, ALTER CONSTRAINT).
std::string render_constraint(PgNode constraint, const std::string& name, const ColumnMap& columns,
                              const QualifiedName& ref_table, const ColumnMap& ref_columns,
                              const std::string& inline_column, bool not_valid, bool deferrable,
                              bool initially_deferred, const OidNames& labels = {});

// Column references bound to the relation they read: a ColumnRef message -> that relation's renames
// (an empty map: a column no rename changes). References not in it take the flat ColumnMap.
using BoundColumns = std::map<const void*, const ColumnMap*>;

// A view's or materialized view's creating statement (a ViewStmt or CreateTableAsStmt node),
// with column references renamed through `bound` or else `columns` (output names kept with AS),
// relations renamed (or moved to another schema) through `relations`, and `labels` applied.
std::string render_view(PgNode stmt, const ColumnMap& columns, const RelationMap& relations,
                        const BoundColumns& bound = {}, const OidNames& labels = {});

// PostgreSQL's quoting of an identifier (quote_identifier), and of a string literal.
std::string quote_ident(std::string_view ident);
// Whether an identifier reads the same bare: a lower-case letter or `_`, then lower-case letters,
// digits and `_` (the deparser writes such a name without quotes; keywords are not considered).
bool bare_identifier(std::string_view ident);
std::string quote_literal(std::string_view text);
std::string qualified(const QualifiedName& name);

}  // namespace p2s
