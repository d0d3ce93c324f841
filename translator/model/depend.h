// The model's dependency graph, as PostgreSQL's pg_depend sees it: every object has a typed identity
// (ObjectRef) and one walk answers "what must go, and come back, with this object" for DROP ...
// CASCADE, the enum rebuild, view replacement and table recreation. Edges are read off the model
// (views: the relations and columns they read, stars expanded; triggers: their table, UPDATE OF and
// WHEN columns; policies, CHECK constraints and indexes: the columns their expressions name), so
// they can never go stale against it.
#pragma once

#include <string>
#include <vector>

#include "model/schema.h"

namespace p2s {

enum class RefKind {
  kTable,
  kColumn,
  kView,
  kType,
  kFunction,
  kSequence,
  kDefault,  // a column's default expression (sub: the column)
  kTrigger,
  kPolicy,
  kConstraint,
  kIndex
};

struct ObjectRef {
  RefKind kind = RefKind::kTable;
  QName name;       // table, view, type, function; the table of a column, trigger, policy, constraint, index
  std::string sub;  // column, constraint or index name; a function's, trigger's or policy's model key
  bool operator==(const ObjectRef& o) const;
};

// A dependent object, pointing into the Schema it was found in.
struct Dependent {
  ObjectRef ref;
  const TextObject* object = nullptr;      // views, materialized views, functions, triggers, policies
  const Constraint* constraint = nullptr;  // CHECK constraints
  const Index* index = nullptr;
  const Column* column = nullptr;  // defaults, columns
};

enum class DependScope {
  kRelations,    // only views and materialized views (what DROP ... CASCADE and view replacement touch)
  kExpressions,  // also triggers, policies, CHECK constraints and indexes (what a column type change touches)
  // Only the columns that go with the roots, as PostgreSQL drops them: the columns of a dropped type
  // (arrays of it too), and the generated columns computed from a dropped column, transitively.
  // Creation order is table order, so a generated column comes after the columns it reads.
  kColumns
};

// Everything that depends on `roots`, directly or through other dependents, in creation order (each
// object after everything it depends on): drop them in reverse order, recreate them in this order.
// The roots themselves are not included.
std::vector<Dependent> dependents(const Schema& schema, const std::vector<ObjectRef>& roots,
                                  DependScope scope);

// What DROP SCHEMA ... CASCADE drops as roots: the schema's tables, views, enum types and functions.
std::vector<ObjectRef> schema_members(const Schema& schema, const std::string& name);

// The triggers and policies on a table, in model order: they go with it on DROP TABLE, and come back
// with it when it is recreated.
bool is_table_member(const TextObject& o, const QName& table);
std::vector<const TextObject*> table_members(const Schema& schema, const QName& table);

// The columns a relation has now: a table's columns, or a view's output columns.
std::optional<std::vector<std::string>> relation_columns(const Schema& schema, const QName& name);
// The types of a table's columns (RelationColumnTypes, pg_view.h); nothing for a view.
std::vector<std::string> relation_column_types(const Schema& schema, const QName& name);
// Whether a trigger or policy is on `table`.
bool on_table(const TextObject& o, const QName& table);
// Whether a definition (a CHECK, an index, a policy, a generated column) calls function `f`.
bool calls_function(PgNode node, const QName& f);

}  // namespace p2s
