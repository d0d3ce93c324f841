// The schema model replayed over the history. Ordered vectors only (definition order is
// meaningful: column order is part of what parity compares), never iteration over hash maps.
// Definitions that need SQL text later keep a handle to their parse node plus the renames applied
// since, so they are rendered with current names when a down() needs them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/source.h"
#include "model/acl.h"
#include "parse/pg_enum_constants.h"
#include "parse/pg_parse.h"
#include "parse/pg_view.h"

namespace p2s {

using QName = QualifiedName;
bool same_name(const QName& a, const QName& b);
bool same_schema(const QName& a, const QName& b);  // "" is public

struct TypeRef {
  std::string sql;        // deparsed, e.g. "timestamp(3)", "\"Role\"[]"
  QName user_type;        // set when the element type is not a pg_catalog type
  std::string base;       // lower-case element type name, e.g. "timestamp", "varchar", "Role"
  std::vector<int> mods;  // integer typmods
  int array_dims = 0;
  bool is_user_type() const { return !user_type.name.empty(); }
};

struct Column {
  std::string name;
  TypeRef type;
  bool not_null = false;
  std::optional<std::string> default_sql;
  // GENERATED ALWAYS AS (expr) STORED: the expression's parse node, and the renames of the columns
  // it uses since it was written (rendered with current names by generated_sql()).
  PgNode generated;
  ColumnMap generated_renames;
  std::vector<std::string> generated_columns;
  bool is_generated() const { return static_cast<bool>(generated); }
  std::string generated_sql() const { return deparse_expr(generated, generated_renames); }
  char identity = 0;             // 'a' ALWAYS, 'd' BY DEFAULT
  std::string identity_options;  // e.g. "START WITH 1000 INCREMENT BY 5", may be empty
  std::vector<std::pair<std::string, std::string>> identity_items;  // the same, option -> clause
  bool serial = false;  // created as serial: the owned sequence comes and goes with it
  std::optional<std::string> collation;
  std::optional<std::string> comment;
  // SET STATISTICS (a number; "" is -1, the default), SET STORAGE (PLAIN, EXTERNAL, EXTENDED or
  // MAIN; "" the type's own) and SET COMPRESSION (pglz or lz4; "" the server's default). A type
  // change puts storage and compression back to their defaults and keeps the statistics target.
  std::string statistics, storage, compression;
  std::optional<Acl> acl;  // column privileges (GRANT SELECT ("c") ON ...); nullopt: none granted
};
enum class ColumnAttribute { kStatistics, kStorage, kCompression };
std::string& column_attribute(Column& c, ColumnAttribute what);
const std::string& column_attribute(const Column& c, ColumnAttribute what);

// The types of the columns a definition reads (in its `columns` order) when it was written, then
// after each statement that changed one of them. PostgreSQL keeps a CHECK, an index expression or a
// partial index's predicate as its own re-parse of the text against each new type (casts added),
// which only the same sequence of types reproduces.
struct ColumnTypes {
  SourceLoc at;  // the statement
  std::vector<TypeRef> types;
};

// Storage parameters as pg_class.reloptions holds them: name -> value as text, in its order.
using RelOptions = std::vector<std::pair<std::string, std::string>>;
// ALTER ... SET (...) takes each name it gives out and appends it with its value; RESET (...) takes
// the names out (PostgreSQL's transformRelOptions), so the order is the catalog's.
void set_rel_options(RelOptions& options, const RelOptions& set);
void reset_rel_options(RelOptions& options, const std::vector<std::string>& names);

struct Index {
  std::string name;
  QName table;
  PgNode node;  // the IndexStmt parse node
  ColumnMap renames;
  std::vector<std::string> columns;  // current names of the columns it uses
  bool unique = false;
  // Its key columns as written, when every key part is a plain column and there is no WHERE
  // (renames apply); empty otherwise. A unique index with keys identifies rows.
  std::vector<std::string> keys;
  std::vector<ColumnTypes> type_history;  // kept when `keys` is empty (an expression, WHERE, opclass)
  OidNames labels;  // its enum constants and type names renamed since it was written (OidNames)
  std::optional<std::string> comment;
  uint64_t created = 0;                 // creation order (key_order.h)
  bool clustered = false;               // the table's CLUSTER index (pg_index.indisclustered)
  RelOptions options, written_options;  // storage parameters now, and as its WITH (...) gave them
};

enum class ConstraintKind { kPrimaryKey, kUnique, kCheck, kForeignKey, kExclusion };

struct Constraint {
  std::string name;
  ConstraintKind kind = ConstraintKind::kCheck;
  PgNode node;                       // the Constraint parse node
  ColumnMap renames;                 // own-table column renames since it was written
  std::vector<std::string> columns;  // current names of the own-table columns it uses
  QName ref_table;                   // foreign keys
  ColumnMap ref_renames;
  std::vector<std::string> ref_columns;
  char on_delete = 'a', on_update = 'a';  // foreign keys: a(no action) r c n d, as PostgreSQL codes them
  bool deferrable = false, match_full = false;
  bool initially_deferred = false;          // DEFERRABLE INITIALLY DEFERRED: checked at COMMIT
  std::vector<std::string> keys, ref_keys;  // key columns in order, as written (renames apply)
  bool plain = false;
  bool validated = true;  // false: added NOT VALID and not validated since
  // CHECK: the types of the columns it reads, as written and after each statement that changed one.
  std::vector<ColumnTypes> type_history;
  OidNames labels;            // its enum constants and type names renamed since it was written (OidNames)
  std::string inline_column;  // original name of the column it was written on, if inline
  std::string using_index;    // ADD CONSTRAINT ... USING INDEX name, as written
  // Written without a name (`name` is empty until replay chooses PostgreSQL's, choose_name.h):
  // UNIQUE and EXCLUDE: each index column's preliminary name (keys, then INCLUDE); FOREIGN KEY:
  // the referencing columns; CHECK: the columns its expression reads, once each.
  std::vector<std::string> name_columns;
  // The index USING INDEX consumed (PostgreSQL renames it to the constraint's name): recreated
  // under its old name before the constraint whenever the constraint is added again.
  std::vector<Index> from_index;  // zero or one
  std::optional<std::string> comment;
  // COMMENT ON INDEX of the index a PRIMARY KEY, UNIQUE or EXCLUDE constraint owns (same name).
  std::optional<std::string> index_comment;
  // That index's storage parameters now (ALTER INDEX ... SET / RESET), and as adding the constraint
  // gives them (its WITH (...), or the USING INDEX index's).
  RelOptions options, written_options;
  uint64_t created = 0;    // creation order of its index (key_order.h); USING INDEX keeps the index's
  bool clustered = false;  // its index is the table's CLUSTER index (pg_index.indisclustered)
};

struct Table {
  QName name;
  std::vector<Column> columns;
  std::vector<Constraint> constraints;
  std::optional<std::string> comment;
  bool row_security = false;
  bool unlogged = false;
  char internal_triggers = 'O';  // the foreign keys' triggers, as DISABLE / ENABLE TRIGGER ALL leave them
  char replica_identity = 'd';   // as pg_class.relreplident codes it: 'd' default, 'f', 'n', 'i' an index
  std::string replica_index;     // 'i': the index
  std::string partition_by;      // "PARTITION BY RANGE (...)" of a partitioned table
  RelOptions options;            // WITH (...) and ALTER TABLE ... SET / RESET (...)
  std::optional<Acl> acl;        // GRANT / REVOKE ON TABLE (model/acl.h); nullopt: the default
  std::string owner;             // ALTER ... OWNER TO (AlterOwner::role); empty: whoever created it

  Column* column(const std::string& n);
  const Column* column(const std::string& n) const;
  Constraint* constraint(const std::string& n);
};

struct EnumType {
  QName name;
  std::vector<std::string> labels;
  std::optional<std::string> comment;
  std::optional<Acl> acl;  // GRANT / REVOKE ON TYPE (model/acl.h); nullopt: the default
  std::string owner;       // ALTER TYPE ... OWNER TO (AlterOwner::role); empty: whoever created it
};

// Objects kept as the statement that created them (views, functions, triggers, ...).
enum class ObjectKind {
  kView,
  kMaterializedView,
  kFunction,
  kTrigger,
  kSequence,
  kExtension,
  kSchema,
  kOther
};

// TextObject::trigger_events: PostgreSQL's TRIGGER_TYPE_INSERT, _DELETE, _UPDATE (trigger.h).
constexpr int kTriggerOnInsert = 1 << 2;
constexpr int kTriggerOnDelete = 1 << 3;
constexpr int kTriggerOnUpdate = 1 << 4;

struct TextObject {
  ObjectKind kind = ObjectKind::kOther;
  QName name;              // views and materialized views: the relation name
  std::string key;         // identity: qualified name, plus argument types for functions, table for triggers
  std::string create_sql;  // replays it
  std::string drop_sql;    // removes it
  std::optional<std::string> comment;
  std::string comment_target;  // what COMMENT ON names it by, e.g. TRIGGER "t" ON "public"."T"
  // Functions: the ALTER FUNCTION statements that changed its attributes since its CREATE, replayed
  // after it (a CREATE OR REPLACE starts again from its own text).
  std::vector<std::string> alters;
  // An extension whose comment is still the one CREATE EXTENSION gave it, its control file's
  // (pg_available_extensions.comment), which the model does not know; `comment` is then unset.
  bool control_comment = false;
  // Views, materialized views, sequences, functions, schemas: GRANT / REVOKE (model/acl.h);
  // nullopt: the default.
  std::optional<Acl> acl;
  // Views and materialized views: the privileges of their columns (GRANT SELECT ("c") ON ...).
  std::map<std::string, std::optional<Acl>> column_acls;
  // Views, materialized views, sequences, functions, schemas: ALTER ... OWNER TO (AlterOwner::role);
  // empty: whoever created it. A sequence OWNED BY a column follows its table's.
  std::string owner;
  // Triggers: the events it fires on, as CreateTrigStmt.events codes them (kTriggerOn*, or'ed);
  // 0: not known (any).
  int trigger_events = 0;
  QName owner_table;  // a sequence OWNED BY a column (serial): dropped with it
  std::string owner_column;
  std::vector<std::pair<std::string, std::string>> seq_options;  // sequences: option -> clause
  // Views: the parse node and the renames since, so a stale text is never replayed.
  PgNode node;
  ColumnMap renames;             // references whose relation could not be told (triggers, policies: all)
  ViewColumns bindings;          // views: each reference's relation, and renames per relation (pg_view.h)
  RelationMap relation_renames;  // original relation name -> current (schema and) name
  std::map<std::string, std::string> relation_origins;  // original relation name -> its schema then
  std::vector<QName> relations;      // the relations it reads (views), or is on (triggers, policies)
  std::vector<std::string> columns;  // column names it mentions (current), stars expanded
  std::vector<QName> types;          // types its expressions name (casts, views), or its signature names
  std::vector<QName> functions;      // functions it calls: views, triggers (EXECUTE FUNCTION)
  // Views: what `*` stood for when the view was created, and its output columns (pg_view.h).
  std::vector<StarExpansion> stars;
  std::vector<std::string> output_columns;
  bool stars_complete = true;
  // Triggers renamed since written (ALTER TRIGGER ... RENAME): the name as written, and now.
  std::string written_name, renamed_to;
  // Materialized views: scannable now, and as its CREATE (WITH NO DATA or not) leaves it.
  bool populated = true;
  bool created_populated = true;
  // Triggers: enabled or not, as pg_trigger.tgenabled codes it (SetTriggerState, lower/ir.h).
  char trigger_state = 'O';
  // Rows of what it reads may have changed since it was populated: made again by a down(), it holds
  // what its query gives then, not the rows of its last refresh.
  bool stale = false;
  // Views, triggers, policies: the string constants their expressions compare with an enum column
  // or cast to an enum, which follow ALTER TYPE ... RENAME VALUE.
  std::vector<EnumConstant> enum_constants;
  // Node-kept definitions: the type names renamed since written (ALTER TYPE ... RENAME TO, OidNames).
  OidNames type_names;
  // Views and materialized views: storage parameters now, and as its CREATE gave them.
  RelOptions options, written_options;
  QName partition_of;  // a partition (kept as its CREATE TABLE ... PARTITION OF): dropped with its parent
  // Views: the relation the FROM clause names as `written`, under its name now; and the current
  // name of its column `column` (as written), through that relation's renames.
  QName current_relation(const QName& written) const;
  std::string current_column(const QName& written_relation, const std::string& column) const;
};

// Whether a function object is the one DROP FUNCTION names: the same key, or the same name when the
// DROP gives no argument list.
bool function_matches(const TextObject& o, const std::string& drop_key);
// A function's key: "schema"."name"(argument types as deparsed, a type in public unqualified), what
// DROP FUNCTION names.
std::string function_key(const QName& name, const std::vector<std::string>& arg_types);
// A function kept as its CreateFunctionStmt, keyed again after a type of its signature was renamed
// or moved (PostgreSQL keeps argument types by oid): its key, DROP and COMMENT ON targets follow.
void rekey_function(TextObject& o);

struct Schema;
// The statement that creates the object as the model has it now; `schema` gives the columns of the
// relations a view reads (a column alias list may name them all: pg_view.h, UsingPin).
std::string object_create_sql(const TextObject& o, const Schema& schema);
// A view joining a relation with USING keeps the join's names for the merged columns (UsingPin).
// Created again after one of them was renamed, its text needs a column alias list, which PostgreSQL
// then keeps as the user's alias (printed even once the rename is undone) and which names the
// relation's columns by position (another order once a column was re-added last). So the merged
// columns take their USING names back while the view is created, as when it was first created:
// returns the renames to do before (then undo after, in reverse), and the view with those columns
// under their USING names. A merged column whose USING name another column has now keeps the list.
struct UsingNames {
  std::vector<std::pair<std::string, std::string>> renames;  // ALTER ... RENAME COLUMN: there, back
  TextObject view;
};
UsingNames using_names_back(const TextObject& obj, const Schema& schema);
// CREATE SEQUENCE for a sequence object as the model has it now.
std::string sequence_create_sql(const TextObject& o);

struct Schema {
  std::vector<Table> tables;
  std::vector<Index> indexes;
  std::vector<EnumType> enums;
  std::vector<TextObject> objects;
  std::vector<std::pair<std::string, std::string>> other_comments;  // COMMENT ON target -> text
  std::vector<std::string> temp_tables;                             // this session's temporary tables
  uint64_t clock = 0;  // the last creation stamp given to a constraint or an index (key_order.h)
  bool is_temp(const QName& n) const;  // unqualified names look in pg_temp first, as PostgreSQL does

  Table* table(const QName& n);
  const Table* table(const QName& n) const;
  Index* index(const QName& schema_and_name);
  const Index* index(const QName& n) const { return const_cast<Schema*>(this)->index(n); }
  // The constraint whose own index (PRIMARY KEY, UNIQUE, EXCLUDE) has this schema and name.
  Constraint* index_constraint(const QName& schema_and_name);
  const Constraint* index_constraint(const QName& n) const {
    return const_cast<Schema*>(this)->index_constraint(n);
  }
  EnumType* enum_type(const QName& n);
  const EnumType* enum_type(const QName& n) const { return const_cast<Schema*>(this)->enum_type(n); }
  TextObject* object(ObjectKind kind, const std::string& key);
  const TextObject* object(ObjectKind kind, const std::string& key) const {
    return const_cast<Schema*>(this)->object(kind, key);
  }
  // The function (or procedure) an ALTER names: function_matches, the first one.
  TextObject* function(const std::string& key);
  const TextObject* function(const std::string& key) const {
    return const_cast<Schema*>(this)->function(key);
  }
  std::vector<const Index*> indexes_of(const QName& table) const;

 private:
  // table(): where each name was last found, a hint checked on use (so never wrong, only stale).
  mutable std::unordered_map<std::string, size_t> table_positions_;
};

// The catalog of a new database, which is not empty: the public schema, with its comment
// "standard public schema" (what a COMMENT ON SCHEMA public undoes to), and the extension plpgsql
// (so CREATE EXTENSION IF NOT EXISTS plpgsql, in every pg_dump, creates nothing for down() to drop).
Schema initial_schema();

std::string sql_type_name(const TypeRef& t);
// Whether SERIAL can make a column of this type (smallint, integer, bigint): a column of another
// type with a sequence's nextval default is a plain column with a default.
bool serial_capable(const TypeRef& t);
std::string serial_type_name(const TypeRef& t);  // "serial", "bigserial" or "smallserial" for an integer type
// The AS clause of the sequence SERIAL (or an identity) makes for a column of type t, as deparsed: "AS int".
std::string serial_sequence_as(const TypeRef& t);
// Whether SERIAL would make `sequence` for a column of type t: an integer type, and the sequence of
// that type (a serial column retyped from int to bigint keeps its int sequence, which BIGSERIAL would
// not make).
bool serial_makes(const TypeRef& t, const TextObject& sequence);
// "ALTER VIEW ", "ALTER MATERIALIZED VIEW ", or for a table (any other kind) "ALTER TABLE ".
std::string alter_relation(ObjectKind kind);
// Whether column `c` of `table` is serial as the model has it now: its default is the nextval of the
// sequence SERIAL names for it, which SERIAL would make (serial_makes) and which the column owns.
bool serial_now(const Schema& schema, const QName& table, const Column& c);
// The model's key of trigger `name` on `table` (TextObject::key).
std::string trigger_key(const QName& table, const std::string& name);
std::string serial_sequence(const QName& table, const std::string& column);  // PostgreSQL's name for it
std::string serial_default(const QName& table,
                           const std::string& column);  // nextval('<that sequence>'::regclass)
std::string nextval_default(const QName& sequence);     // nextval('"s"'::regclass), as PostgreSQL shows it
// The ways a default can spell nextval('<sequence>' (quoted, qualified, bare): what it reads.
std::vector<std::string> nextval_calls(const QName& sequence);
// Whether a column's default takes its values from the sequence (a serial column's own, or nextval).
bool default_uses_sequence(const QName& table, const Column& c, const QName& sequence);
// Whether a column's default casts to (names) the type, e.g. 'DONE'::"Color" on a text column.
bool default_names_type(const Column& c, const QName& type);
// A type name of a node-kept definition as it names the type now (OidNames: renamed or moved since).
QName type_name_now(const TypeNameRef& ref, const OidNames& names);
// Whether a node-kept definition (a CHECK, an index, a trigger, a policy) names the type, e.g. casts
// a constant to it: PostgreSQL then records a dependency on the type even when no column of it is read.
bool definition_names_type(PgNode node, const OidNames& names, const QName& type);
// Where SQL text names a type after `::` or a schema's `.`, quoted or (lower case) bare, in order; not
// inside a string literal.
struct TextSpan {
  size_t at = 0, size = 0;
};
std::vector<TextSpan> type_name_spans(const std::string& text, const std::string& name);
// A default as the model keeps it: a cast to a type in public unqualified ('x'::public."Kind" is
// 'x'::"Kind"), as PostgreSQL prints it, so a type moved out of public and back reads as before.
std::string unqualified_public_casts(const std::string& text);
void keep_default(Column& c);  // c.default_sql made unqualified_public_casts
// Key columns as written -> their current names.
std::vector<std::string> current_names(const std::vector<std::string>& keys, const ColumnMap& renames);
// A key constraint's own key columns under their current names (its columns when none were listed).
std::vector<std::string> key_columns(const Constraint& k);
// The columns a foreign key references, current names: as written, else the referenced table's
// primary key.
std::vector<std::string> referenced_columns(const Schema& schema, const Constraint& fk);
// Whether a foreign key references that column of that table (by name, or through its primary key).
bool references_column(const Schema& schema, const Constraint& k, const QName& table,
                       const std::string& column);

// Canonical schema: an empty schema means "public" in this model.
QName canonical(QName n);
std::string display(const QName& n);  // "public"."User" -> "User"

}  // namespace p2s
