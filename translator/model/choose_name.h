// The names PostgreSQL 15 gives objects created without one: CREATE INDEX ON t (...), and unnamed
// PRIMARY KEY, UNIQUE, EXCLUDE, CHECK and FOREIGN KEY constraints. Pure rules (the name parts, the
// truncation to 63 bytes and the numbered retry); what is already taken is asked of the caller.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/schema.h"

namespace p2s {

// indexcmds.c makeObjectName: name1_name2_label, the longer of name1 and name2 shortened (whole
// UTF-8 characters) until the whole fits in NAMEDATALEN - 1 bytes; the label is never cut. An empty
// name2 or label is left out with its underscore.
std::string make_object_name(const std::string& name1, const std::string& name2, const std::string& label);

// indexcmds.c ChooseIndexColumnNames: each index column's preliminary name (the column, the
// expression's FigureIndexColname, or "expr"), numbered when it repeats an earlier one (a, a1).
std::vector<std::string> index_column_names(const std::vector<std::string>& preliminary);

// indexcmds.c ChooseIndexNameAddition (tablecmds.c ChooseForeignKeyConstraintNameAddition is the
// same): the names joined by "_", stopped once NAMEDATALEN bytes are reached.
std::string name_addition(const std::vector<std::string>& names);

// The retry loop of indexcmds.c ChooseRelationName and pg_constraint.c ChooseConstraintName:
// make_object_name with the label, then label1, label2, ... until `taken` says no.
using NameTaken = std::function<bool(const std::string&)>;
std::string choose_name(const std::string& name1, const std::string& name2, const std::string& label,
                        const NameTaken& taken);

// parse_utilcmd.c transformColumnDefinition: a serial column's sequence is ChooseRelationName(table,
// column, "seq"), so t_id_seq1 when t_id_seq is taken in the table's schema (or by `also_taken`).
std::string choose_serial_sequence(const Schema& s, const QName& table, const std::string& column,
                                   const NameTaken& also_taken = nullptr);

// What decides an unnamed constraint's name, and which catalog it must be free in.
struct NameRule {
  std::string name2;  // "" for none
  std::string label;  // "pkey", "key", "excl", "check", "fkey"
  // Index-backed (PRIMARY KEY, UNIQUE, EXCLUDE): ChooseIndexName, free among the schema's
  // relations and constraints. Else ChooseConstraintName: free among the schema's constraints.
  bool index_backed = false;
};
// `name_columns` is Constraint::name_columns: the index column names (UNIQUE, EXCLUDE), the
// referencing columns (FOREIGN KEY), or the one column a CHECK reads.
NameRule constraint_name_rule(ConstraintKind kind, const std::vector<std::string>& name_columns);

// The catalogs ChooseRelationName and ChooseConstraintName search, as the model has them, in one
// schema (`nsp`, "" for public): pg_class (tables, indexes, the indexes of key constraints, views,
// materialized views, sequences, partitions, composite types) and pg_constraint.
bool relation_name_taken(const Schema& s, const std::string& nsp, const std::string& name);
bool constraint_name_taken(const Schema& s, const std::string& nsp, const std::string& name);

}  // namespace p2s
