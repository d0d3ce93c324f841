// The typed statement IR: what one SQL statement of a migration means, lowered from the
// libpg_query JSON tree. One variant alternative per statement family.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/box.h"
#include "base/source.h"
#include "model/schema.h"

namespace p2s {

struct CreateTable {
  QName name;
  bool if_not_exists = false;
  bool unlogged = false;
  std::string partition_by;
  RelOptions options;  // WITH (...)
  std::vector<Column> columns;
  std::vector<Constraint> constraints;
};

struct AddColumn {
  Column column;
  std::vector<Constraint> constraints;  // written inline on the column
  bool if_not_exists = false;
};
struct DropColumn {
  std::string name;
  bool if_exists = false;
  bool cascade = false;  // also the views, triggers, policies and other tables' foreign keys using it
};
// How an ALTER COLUMN ... TYPE converted the values, which decides how down() can convert back.
enum class UsingKind {
  kNone,         // no USING: PostgreSQL's own assignment cast
  kPlainCast,    // USING col, col::type or CAST(col AS type)
  kToTimestamp,  // USING to_timestamp(col): undone by extract(epoch from col)
  kAtTimeZone,   // USING col AT TIME ZONE 'zone' (timestamp <-> timestamptz): undone by the same
  kOther         // any other expression: no general inverse
};
struct AlterColumnType {
  std::string column;
  TypeRef type;
  std::optional<std::string> collation;
  UsingKind using_kind = UsingKind::kNone;
  std::string using_zone;  // kAtTimeZone: the zone literal as written
};
struct SetDefault {
  std::string column;
  std::optional<std::string> expr;  // nullopt: DROP DEFAULT
};
struct SetNotNull {
  std::string column;
  bool not_null = true;
};
struct AddConstraint {
  Constraint constraint;
};
struct ValidateConstraint {
  std::string name;
};
// ALTER CONSTRAINT (a foreign key in PostgreSQL 15): its deferral, as the statement leaves it.
struct AlterConstraint {
  std::string name;
  bool deferrable = false;
  bool initially_deferred = false;
};
struct DropConstraint {
  std::string name;
  bool if_exists = false;
  bool cascade = false;  // a PRIMARY KEY or UNIQUE also takes the foreign keys that reference it
};
struct AddIdentity {
  std::string column;
  char when = 'd';
  std::string options;
  std::vector<std::pair<std::string, std::string>> items;  // the options, option -> clause
};
struct DropIdentity {
  std::string column;
  bool if_exists = false;
};
struct SetIdentity {  // SET GENERATED ... and RESTART; other option changes are not modelled
  std::string column;
  char generated = 0;  // 0: unchanged
  bool restart = false;
};
struct SetLogged {
  bool logged = true;
};
struct SetRowSecurity {
  bool enable = true;
};
// REPLICA IDENTITY DEFAULT | FULL | NOTHING | USING INDEX name; `kind` as pg_class.relreplident codes
// it: 'd', 'f', 'n', 'i'.
struct SetReplicaIdentity {
  char kind = 'd';
  std::string index;
};
// ENABLE [REPLICA | ALWAYS] / DISABLE TRIGGER name | USER | ALL; `state` as pg_trigger.tgenabled
// codes it: 'O' enabled, 'D' disabled, 'R' replica, 'A' always.
struct SetTriggerState {
  std::string name;  // empty: every trigger of the table (USER), and the internal ones too with `all`
  bool all = false;
  char state = 'O';
};
// SET (name = value, ...) or RESET (name, ...) of storage parameters.
struct SetOptions {
  RelOptions set;
  std::vector<std::string> reset;
};
// CLUSTER ON index (also `CLUSTER table USING index`), or SET WITHOUT CLUSTER (no index).
struct SetCluster {
  std::string index;
};
// ALTER COLUMN ... SET STATISTICS n | SET STORAGE s | SET COMPRESSION c (model/schema.h, Column).
struct SetColumnAttribute {
  std::string column;
  ColumnAttribute what = ColumnAttribute::kStatistics;
  std::string value;  // as Column keeps it: "" the default
};
struct UnsupportedCmd {
  std::string what;
};
using AlterCmd = std::variant<AddColumn, DropColumn, AlterColumnType, SetDefault, SetNotNull, AddConstraint,
                              DropConstraint, ValidateConstraint, AlterConstraint, AddIdentity, DropIdentity,
                              SetIdentity, SetLogged, SetRowSecurity, SetReplicaIdentity, SetTriggerState,
                              SetOptions, SetCluster, SetColumnAttribute, UnsupportedCmd>;
struct AlterTable {
  QName table;
  bool if_exists = false;
  std::vector<AlterCmd> cmds;
};

enum class RenameKind {
  kTable,
  kColumn,
  kIndex,
  kConstraint,
  kType,
  kView,
  kMaterializedView,
  kSequence,
  kTrigger  // object: its table; sub: its old name
};
struct Rename {
  RenameKind kind = RenameKind::kTable;
  QName object;     // table / index / type ...
  std::string sub;  // old column or constraint name
  std::string to;
  bool if_exists = false;
};

// ALTER TABLE / TYPE / VIEW / MATERIALIZED VIEW / SEQUENCE ... SET SCHEMA
struct SetSchema {
  RenameKind kind = RenameKind::kTable;  // kTable, kType, kView, kMaterializedView or kSequence
  QName object;
  std::string to;
};

struct CreateIndex {
  Index index;
  bool concurrent = false;
  bool if_not_exists = false;
  // Plain column keys only (no expressions, opclasses, collations, NULLS, INCLUDE, WHERE): what
  // queryInterface.addIndex expresses exactly. Pairs of (column, descending).
  bool simple = false;
  std::vector<std::pair<std::string, bool>> fields;
  std::string method;  // "btree", "hash", "gin", ...
  // Written without a name (index.name is empty until replay chooses PostgreSQL's): each key's and
  // INCLUDE column's preliminary name (lower_name.h index_elem_name).
  std::vector<std::string> name_columns;
};

enum class DropKind {
  kTable,
  kIndex,
  kType,
  kView,
  kMaterializedView,
  kFunction,
  kTrigger,
  kExtension,
  kSequence,
  kSchema,
  kCollation,
  kPolicy
};
// The model's kind for the objects a DROP of this kind removes (kept as text).
constexpr ObjectKind object_kind(DropKind k) {
  switch (k) {
    case DropKind::kView:
      return ObjectKind::kView;
    case DropKind::kMaterializedView:
      return ObjectKind::kMaterializedView;
    case DropKind::kFunction:
      return ObjectKind::kFunction;
    case DropKind::kTrigger:
      return ObjectKind::kTrigger;
    case DropKind::kExtension:
      return ObjectKind::kExtension;
    case DropKind::kSequence:
      return ObjectKind::kSequence;
    case DropKind::kSchema:
      return ObjectKind::kSchema;
    case DropKind::kPolicy:
      return ObjectKind::kOther;
    case DropKind::kTable:
    case DropKind::kIndex:
    case DropKind::kType:
    case DropKind::kCollation:
      return ObjectKind::kOther;
  }
  return ObjectKind::kOther;
}

struct Drop {
  DropKind kind = DropKind::kTable;
  std::vector<std::string> keys;  // object keys as the model names them (see TextObject::key)
  std::vector<QName> names;
  bool if_exists = false;
  bool cascade = false;
  bool concurrent = false;
};

struct CreateEnum {
  EnumType type;
};
struct AlterEnumAddValue {
  QName type;
  std::string value;
  std::string neighbor;
  bool before = false;
  bool if_not_exists = false;
};
struct AlterEnumRenameValue {
  QName type;
  std::string from;
  std::string to;
};

// ALTER FUNCTION | PROCEDURE | ROUTINE ... with attribute actions (volatility, STRICT, SECURITY,
// LEAKPROOF, PARALLEL, COST, ROWS, SET / RESET of a setting).
struct AlterFunction {
  std::string key;  // function_key(), or the bare name without arguments
};

// ALTER TABLE | VIEW | MATERIALIZED VIEW | SEQUENCE | TYPE | FUNCTION | PROCEDURE | ROUTINE | SCHEMA
// ... OWNER TO role.
enum class OwnedKind { kRelation, kType, kFunction, kSchema };
struct AlterOwner {
  OwnedKind kind = OwnedKind::kRelation;
  QName name;        // relations and types; a schema's name is `name.name`
  std::string key;   // functions: function_key(), or the bare name without arguments (as AlterFunction)
  std::string role;  // as SQL: a quoted role name, CURRENT_USER, CURRENT_ROLE or SESSION_USER
};

struct AlterSequence {
  QName name;
  std::vector<std::pair<std::string, std::string>> options;  // option -> clause
  std::optional<QName> owner_table;                          // OWNED BY: empty name = NONE
  std::string owner_column;
  bool restart = false;
  bool if_exists = false;
};

// ALTER INDEX | VIEW | MATERIALIZED VIEW name SET (...) / RESET (...): storage parameters (views:
// security_barrier, security_invoker, check_option).
enum class OptionsTarget { kIndex, kView, kMaterializedView };
struct SetRelationOptions {
  OptionsTarget target = OptionsTarget::kIndex;
  QName name;
  bool if_exists = false;
  std::vector<SetOptions> changes;
};

struct CreateObject {
  TextObject object;
  bool or_replace = false;
  bool if_not_exists = false;
};

// kObject: an object kept as text (view, function, schema, sequence, trigger, ...), found by kind and key.
enum class CommentTarget { kTable, kColumn, kIndex, kType, kConstraint, kObject, kOther };
struct Comment {
  CommentTarget target = CommentTarget::kOther;
  QName object;
  std::string column;
  std::string other_key;  // kOther: the statement text up to IS; kObject: the target, e.g. SCHEMA "s"
  ObjectKind object_kind = ObjectKind::kOther;  // kObject
  std::string object_key;                       // kObject
  std::optional<std::string> text;
};

// INSERT ... VALUES without ON CONFLICT: rows a down() can delete by key when the key values are
// constants ("" stands for a value that is not a constant).
struct InsertedRows {
  QName table;
  std::vector<std::string> columns;            // empty: no column list, the table's columns in order
  std::vector<std::vector<std::string>> rows;  // deparsed constant values, "" for other expressions
};
struct DataChange {
  std::string what;  // "INSERT", "UPDATE", "DELETE", "DO block", ...
  std::optional<InsertedRows> inserted;
  std::optional<QName> target;  // the one table it writes, when it names one
  // REFRESH MATERIALIZED VIEW target: whether it leaves the view populated (false: WITH NO DATA).
  std::optional<bool> refresh_populates = std::nullopt;
  std::vector<std::string> set_columns = {};  // UPDATE: the columns its SET assigns, as written
};
// CREATE TEMP TABLE in any form: session state, which no other session (and no catalog comparison)
// sees; its down() drops it so that up / down / up works in one session.
struct CreateTempTable {
  std::string name;
  bool changes_data = false;  // SELECT ... INTO TEMP with WITH x AS (INSERT ...)
};
// DO blocks the model follows (lower_do.cpp): straight-line statements (an EXECUTE of a constant
// string among them), IF / ELSIF / ELSE over [NOT] EXISTS (SELECT 1 FROM <catalog> WHERE col =
// 'value' ...) tests joined by AND, OR and NOT, nested, evaluated against the replayed model when
// PostgreSQL reaches the IF, and BEGIN ... EXCEPTION WHEN duplicate_object (and the like) THEN NULL;
// END blocks, which take effect exactly when the replay of all their statements raises nothing.
struct Statement;
struct CatalogTest {
  std::string catalog;  // pg_constraint, pg_type, pg_class, pg_indexes, columns, tables, ...
  std::vector<std::pair<std::string, std::string>> equals;  // column = 'value'
};
struct DoCondition {
  enum class Op { kExists, kAnd, kOr, kNot };
  Op op = Op::kExists;
  CatalogTest test;               // kExists
  std::vector<DoCondition> args;  // kAnd, kOr; kNot: one
};
// An IF's condition, evaluated once: before the part numbered `before` runs (where the IF is reached).
struct DoIf {
  DoCondition condition;
  size_t before = 0;
};
struct DoGuard {
  size_t condition;  // into DoBlock::ifs
  bool holds;        // the branch runs when the condition is this
  bool operator==(const DoGuard&) const = default;
};
enum class DoPartKind { kAlways, kUnlessFails };
struct DoPart {
  DoPartKind kind = DoPartKind::kAlways;  // kUnlessFails: all of the statements or none
  std::vector<DoGuard> guards;            // the IF branches it is inside
  std::shared_ptr<const std::vector<Statement>> statements;
};
struct DoBlock {
  std::vector<DoIf> ifs;
  std::vector<DoPart> parts;
  std::vector<std::shared_ptr<ParsedSql>> trees;  // the parse trees its statements point into
};
// GRANT / REVOKE of privileges on objects (not of role membership).
enum class GrantOn { kTable, kSequence, kFunction, kSchema, kType };
struct GrantPrivilege {
  std::string name;                  // upper case, e.g. "SELECT"; "" for ALL [PRIVILEGES]
  std::vector<std::string> columns;  // column privileges: GRANT SELECT ("a") ON ...
};
struct Grant {
  bool grant = true;          // false: REVOKE
  bool grant_option = false;  // GRANT ... WITH GRANT OPTION, or REVOKE GRANT OPTION FOR ...
  GrantOn on = GrantOn::kTable;
  std::vector<QName> objects;              // relations, schemas (as names), types
  std::vector<std::string> functions;      // functions: function_key(), or the bare name without arguments
  std::vector<std::string> all_in;         // ALL TABLES | SEQUENCES | FUNCTIONS IN SCHEMA: the schemas
  std::vector<GrantPrivilege> privileges;  // ALL: one privilege named ""
  std::vector<std::string> grantees;       // "PUBLIC" or a role name
};

struct NoSchemaEffect {
  std::string what;  // "ANALYZE", "VACUUM", "SET", ...
};
struct TransactionControl {
  bool begin = true;  // BEGIN/START TRANSACTION, else COMMIT/END
};
struct Unsupported {
  std::string what;
};

using StmtKind = std::variant<CreateTable, AlterTable, Rename, SetSchema, Box<CreateIndex>, Drop, CreateEnum,
                              AlterEnumAddValue, AlterEnumRenameValue, AlterSequence, AlterFunction,
                              AlterOwner, Box<CreateObject>, SetRelationOptions, Comment, Grant, DataChange,
                              CreateTempTable, DoBlock, NoSchemaEffect, TransactionControl, Unsupported>;

struct Statement {
  StmtKind kind;
  SourceLoc loc;
  std::string sql;                   // the statement's own text, without the trailing semicolon
  bool outside_transaction = false;  // PostgreSQL refuses it inside one (CONCURRENTLY, VACUUM)
};

}  // namespace p2s
