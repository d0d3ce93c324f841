// Shared pieces of the planner files: native-call eligibility and builders of the operations
// that recreate model objects.
#pragma once

#include <initializer_list>

#include "model/render_sql.h"
#include "parse/pg_keys.h"
#include "plan/ops.h"
#include "plan/plan.h"

namespace p2s {

bool native_table(const QName& table);
std::optional<NativeColumn> native_column(const Column& c);
// The operations that add a constraint: addConstraint where exact, else SQL.
Op add_constraint_op(const QName& table, const Constraint& k);
// The constraint added back as SQL as PostgreSQL had it (sql_restore_constraint), NOT VALID kept.
SqlOp restore_constraint_op(const QName& table, const Constraint& k);
// add_constraint_op, preceded by the index a USING INDEX constraint was made from (under its old name).
void add_constraint_ops(const QName& table, const Constraint& k, std::vector<Op>& ops);
// The addConstraint calls for constraints written with a CREATE TABLE or ADD COLUMN, or nothing when
// any of them is not plain (the statement's own SQL is used then: re-rendering is exact only as far
// as libpg_query's deparser is).
std::optional<std::vector<Op>> native_constraint_ops(const QName& table,
                                                     const std::vector<Constraint>& constraints);
Op drop_constraint_op(const QName& table, const std::string& name);
Op drop_index_op(const QName& table, const std::string& name, bool concurrently);
// Everything that recreates a dropped table as the model knew it: columns, constraints,
// indexes, comments, triggers; foreign keys of other tables to it are added by the caller.
// Without `foreign_keys`, its foreign keys are left to the caller (tables dropped together come back
// before any key between them).
// Sequences a table (or one column of it) owns that SERIAL will not create (renamed, or numbered
// because the name was taken): created before the columns whose defaults use them, then owned by them.
std::vector<const TextObject*> create_owned_sequences(const Table& t, const std::string* column,
                                                      const Schema& before, std::vector<Op>& ops);
// OWNED BY for the sequences create_owned_sequences made, then the comments of the sequences the table
// (or the column) owns.
void own_sequences(const Table& t, const std::string* column, const std::vector<const TextObject*>& owned,
                   const Schema& before, std::vector<Op>& ops);
void recreate_table(const Table& t, const Schema& before, std::vector<Op>& ops, bool foreign_keys = true);
// Raise the step's reversibility to `r` (never lower it) and add the reason to its note.
void mark(Step& s, Reversibility r, const std::string& note);
// A materialized view that down() creates again while stale (its tables written since its last
// refresh) comes back with the rows its query gives now: lossy. With a unique index, those rows
// may break it: the view is then left unpopulated (stale_refresh_guarded).
void mark_stale_matview(const TextObject& view, const Schema& before, Step& s);
// Whether down() populates the materialized view `view` after its indexes, in a block that leaves
// it unpopulated when its rows break a unique index: it is stale, populated, and has one.
bool stale_refresh_guarded(const TextObject& view, const Schema& before);
// A down() that cannot be undone: a comment, or with --strict-down a throw naming the migration.
void irreversible(Step& s, const std::string& why, const PlanOptions& o);
std::string alter(const QName& t);  // "ALTER TABLE t "
std::string col(const std::string& c);
// `expr`, a referencing column's value, ready to compare with the referenced column: under that
// column's collation where the two columns' differ, as PostgreSQL's foreign key checks compare
// (ri_triggers.c, ri_GenerateQualCollation); two implicit collations leave the comparison without
// one (42P22).
std::string as_referenced(const std::string& expr, const Schema& schema, const QName& own_table,
                          const std::string& own_column, const QName& ref_table,
                          const std::string& ref_column);
// "c"::text::"Enum" (with [] for arrays): casts between enum types go through text.
std::string enum_cast(const TypeRef& t, const std::string& column);

// After a column is made again (re-added, or its table recreated): its comment, and the statistics
// target, storage and compression it had set.
void restore_column_extras(const QName& table, const Column& c, std::vector<Op>& ops);
// Those of `which` (statistics target, storage, compression) that column `c` had set.
void restore_column_attributes(const QName& table, const Column& c,
                               std::initializer_list<ColumnAttribute> which, std::vector<Op>& ops);
// SERIAL always makes its column NOT NULL: a serial column whose NOT NULL was dropped since gets
// DROP NOT NULL once it is created again.
void relax_serial_not_null(const QName& table, const Column& c, std::vector<Op>& ops);
// CREATE INDEX as PostgreSQL had it (sql_restore_index), then its comment, its CLUSTER mark, and the
// table's REPLICA IDENTITY when it is this index (as `schema`, where the table is, says).
void recreate_index(const Index& i, const Schema& schema, std::vector<Op>& ops);
// What PostgreSQL keeps on a constraint beyond its definition, put back after it is added again:
// COMMENT ON CONSTRAINT, and COMMENT ON INDEX, the CLUSTER mark, the storage parameters and REPLICA
// IDENTITY USING INDEX of the index it owns (the table's, as `schema` has it).
void restore_constraint_extras(const QName& table, const Constraint& k, const Schema& schema,
                               std::vector<Op>& ops);
// A constraint dropped by a down() added back as it was: add_constraint_ops, then
// restore_constraint_extras.
void add_constraint_back(const QName& table, const Constraint& k, const Schema& schema, std::vector<Op>& ops);

// A unique index of a materialized view whose rows are one table's, projected (plain_projection,
// pg_view.h): a key over that table's columns, which its rows must keep for the view and the index
// to be created again. The index's WHERE and the view's are left out: the key is stronger than the
// index needs, never weaker.
struct ViewKey {
  UniqueKey key;  // over the table's columns, by their current names
  QName view;
  std::string index;
};
std::vector<ViewKey> view_keys_over(const Table& t, const Schema& before);

// Whether a column is under a primary key, unique or exclusion constraint, a unique index, or the
// unique index of a materialized view that projects the table (ViewKey), and whether one of those
// keys counts NULLs as equal (NULLS NOT DISTINCT).
enum class KeyUse { kNone, kUnique, kUniqueNullsEqual };
KeyUse under_unique_key(const Table& t, const Schema& before, const std::string& column);

}  // namespace p2s
