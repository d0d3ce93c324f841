// SQL text for model objects, used by down() bodies: a column definition, a constraint, an index,
// an enum type, a comment. Pure functions of the model.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/schema.h"

namespace p2s {

std::string sql_column_def(const Column& c);
std::string sql_identity(const Column& c);  // " GENERATED ... AS IDENTITY [(options)]"
std::string sql_add_column(const QName& table, const Column& c);
std::string sql_add_constraint(const QName& table, const Constraint& k);
// ALTER TABLE ... ENABLE / DISABLE TRIGGER that gives trigger `o` (or, when `o` is null, every
// trigger of `table`, the internal ones too: ALL) the state `state` (pg_trigger.tgenabled).
std::string sql_trigger_state(const QName& table, const TextObject* o, char state);
// ALTER TABLE ... REPLICA IDENTITY that gives `table` the replica identity `kind` (pg_class.relreplident
// codes), with `index` for 'i'.
std::string sql_replica_identity(const QName& table, char kind, const std::string& index);
// A constraint's deferral as ALTER CONSTRAINT writes it: NOT DEFERRABLE, DEFERRABLE INITIALLY ...
std::string sql_deferral(const Constraint& k);
// A CHECK whose columns changed type since it was written is kept by PostgreSQL as its re-parse
// against each type in turn (casts added), not as written. down() adds it back as PostgreSQL had
// it: a DO block derives it on a temporary table taken through the same types (built-in ones
// only, ColumnTypes), then adds it with that text. Any other constraint: sql_add_constraint.
std::string sql_restore_constraint(const QName& table, const Constraint& k);
std::string sql_create_index(const Index& i);
// An index with an expression, a WHERE or an opclass over columns that changed type since it was
// written is derived the same way as such a CHECK, then created with PostgreSQL's text from its
// USING on. Any other index: sql_create_index.
std::string sql_restore_index(const Index& i);
// A statement over an index's key (the rows that repeat it), written with index_key_token(n) for
// the n-th of its `keys` key expressions and index_where_token() for its predicate: when
// sql_restore_index derives the index, a DO block that runs it with the expressions PostgreSQL
// holds in their place, derived the same way; else nothing.
std::string index_key_token(size_t n);
std::string index_where_token();
std::optional<std::string> sql_over_derived_key(const Index& i, const std::string& sql, size_t keys);
std::string sql_create_table(const Table& t);  // columns only; constraints are added after
// ALTER TABLE ... CLUSTER ON index, or SET WITHOUT CLUSTER when `index` is empty.
std::string sql_cluster_on(const QName& table, const std::string& index);
// ALTER COLUMN ... SET STATISTICS | STORAGE | COMPRESSION to `value` as Column keeps it ("" the
// default). A type's own storage has no keyword in PostgreSQL 15: a DO block reads it (pg_type).
std::string sql_column_attribute(const QName& table, const std::string& column, ColumnAttribute what,
                                 const std::string& value);
// `(name = 'value', ...)`, as WITH and SET take storage parameters.
std::string sql_rel_options(const RelOptions& options);
// The statements (`alter` + "RESET (...)" / "SET (...)", `alter` being e.g. `ALTER TABLE "t" `) that
// take a relation's storage parameters from `from` to exactly `to`, order included: the names `to`
// lacks are reset, then the names of `to` past the prefix that is already in place are set (SET
// appends each name it gives).
std::vector<std::string> sql_rel_options_change(const std::string& alter, const RelOptions& from,
                                                const RelOptions& to);
std::string sql_create_enum(const EnumType& e);
std::string sql_comment(const std::string& target, const std::optional<std::string>& text);
std::string sql_column_target(const QName& table, const std::string& column);  // "COLUMN t.c"
std::string sql_table(const QName& n);  // qualified only outside public
std::string fk_action(char code);       // 'c' -> "CASCADE" ...

}  // namespace p2s
