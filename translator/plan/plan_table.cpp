// Planning CREATE/ALTER TABLE and CREATE INDEX: the up operations and, from the table as it
// was, the operations that undo each ALTER TABLE command.
#include <algorithm>

#include "base/overloaded.h"
#include "model/key_order.h"
#include "parse/pg_keys.h"
#include "plan/plan_cast.h"
#include "plan/plan_key_order.h"
#include "plan/plan_steps.h"
#include "plan/plan_util.h"
#include "replay/replay.h"

namespace p2s {

// What DROP COLUMN ... CASCADE took beyond the column's own indexes and constraints (restored with
// it): the views, triggers and policies using it, and other tables' foreign keys to it.
static void restore_column_dependents(const QName& table, const std::string& column, const Schema& before,
                                      std::vector<Op>& down, Step& s) {
  std::vector<Dependent> deps =
      dependents(before, {ObjectRef{RefKind::kColumn, table, column}}, DependScope::kExpressions);
  std::erase_if(deps, [](const Dependent& d) {
    return d.ref.kind == RefKind::kConstraint || d.ref.kind == RefKind::kIndex;
  });
  recreate_dependents(deps, before, down, s);
  for (const Table& other : before.tables) {
    for (const Constraint& k : other.constraints) {
      const bool own = same_name(other.name, table) && mentions(k.columns, column);  // restored with it
      if (!own && references_column(before, k, table, column)) {
        // The column came back without its values: the rows that referenced them are orphans now.
        fit_rows_to_constraint(other.name, other, k, before, down, s);
        add_constraint_back(other.name, k, before, down);
      }
    }
  }
}

// A value of the column's type for rows that exist when a NOT NULL column is re-added.
static std::optional<std::string> placeholder_value(const TypeRef& t, const Schema& before) {
  if (t.array_dims > 0) return "'{}'";
  if (t.is_user_type()) {
    // An enum: its first label.
    const EnumType* e = before.enum_type(t.user_type);
    if (e == nullptr || e->labels.empty()) return std::nullopt;
    return quote_literal(e->labels.front());
  }
  static const std::pair<const char*, const char*> zero[] = {
      {"text", "''"},
      {"varchar", "''"},
      {"bpchar", "''"},
      {"citext", "''"},
      {"int4", "0"},
      {"int8", "0"},
      {"int2", "0"},
      {"numeric", "0"},
      {"float8", "0"},
      {"float4", "0"},
      {"bool", "false"},
      {"timestamp", "'epoch'"},
      {"timestamptz", "'epoch'"},
      {"date", "'epoch'"},
      {"jsonb", "'{}'"},
      {"json", "'{}'"},
      {"bytea", "''"},
      {"uuid", "'00000000-0000-0000-0000-000000000000'"}};
  for (const auto& [base, value] : zero) {
    if (t.base == base) return std::string(value);
  }
  return std::nullopt;
}

static std::vector<std::string> index_columns(const Schema& before, const QName& table,
                                              const std::string& name) {
  for (const Index* i : before.indexes_of(table)) {
    if (i->name == name) return i->columns;
  }
  return {};
}

// Enum to enum through text never fails when every label of `from` is a label of `to`.
static bool enum_labels_fit(const TypeRef& from, const TypeRef& to, const Schema& before) {
  if (!from.is_user_type() || !to.is_user_type() || from.array_dims != to.array_dims) return false;
  const EnumType* f = before.enum_type(from.user_type);
  const EnumType* t = before.enum_type(to.user_type);
  if (f == nullptr || t == nullptr) return false;
  return std::all_of(f->labels.begin(), f->labels.end(),
                     [&](const std::string& l) { return mentions(t->labels, l); });
}

// ---- tables -------------------------------------------------------------------------------------

void plan_create_table(const CreateTable& c, const Statement& stmt, const Schema& before, Step& s) {
  s.summary = "CREATE TABLE " + display(c.name);
  if (before.table(c.name) != nullptr && c.if_not_exists) {
    s.up.push_back(SqlOp{stmt.sql});
    s.translation = "sql";
    mark(s, Reversibility::kExact, "table existed: nothing to undo");
    return;
  }
  std::vector<NativeColumn> columns;
  std::optional<std::vector<Op>> constraints = native_constraint_ops(c.name, c.constraints);
  bool native = native_table(c.name) && !c.if_not_exists && !c.unlogged && c.partition_by.empty() &&
                c.options.empty() && constraints;
  for (const Column& column : c.columns) {
    auto n = native_column(column);
    if (n) {
      columns.push_back(*n);
    } else {
      native = false;
    }
  }
  if (native) {
    s.translation = "native";
    s.up.push_back(CreateTableOp{c.name.name, columns});
    for (Op& op : *constraints) s.up.push_back(std::move(op));
  } else {
    s.translation = "sql";
    s.up.push_back(SqlOp{stmt.sql});
  }
  if (native_table(c.name)) {
    s.down.push_back(DropTableOp{c.name.name});
  } else {
    s.down.push_back(SqlOp{"DROP TABLE " + sql_table(c.name)});
  }
}

// A value of type `t` for each row, distinct from every other row's, made from its row number `n`.
static std::optional<std::string> distinct_value(const TypeRef& t, const std::string& n) {
  if (t.array_dims > 0 || t.is_user_type()) return std::nullopt;
  if (numeric_type(t) || in(t.base, {"text", "varchar", "bpchar", "citext"}))
    return n + "::" + sql_type_name(t);
  if (t.base == "date") return "'epoch'::date + " + n + "::int";
  if (in(t.base, {"timestamp", "timestamptz"}))
    return "('epoch'::timestamp + " + n + " * interval '1 second')::" + sql_type_name(t);
  if (t.base == "uuid") return "md5(" + n + "::text)::uuid";
  return std::nullopt;
}

// The rows that repeat a key over `column` once it is filled go: its table's primary key and unique
// constraints, its unique indexes, and the keys of materialized views over it.
static void fit_rows_to_unique_keys_over(const Table& t, const std::string& column, const Schema& before,
                                         std::vector<Op>& down, Step& s) {
  for (const Constraint& k : t.constraints) {
    if ((k.kind == ConstraintKind::kPrimaryKey || k.kind == ConstraintKind::kUnique) &&
        mentions(k.columns, column))
      fit_rows_to_constraint(t.name, t, k, before, down, s);
  }
  for (const Index* i : before.indexes_of(t.name)) {
    if (i->unique && mentions(i->columns, column)) fit_rows_to_index(*i, t, before, down, s);
  }
  fit_rows_to_view_keys(t, column, before, down, s);
}

// Each row gets a value of its own in column c (its row number, in c's type). Where the type has
// none: one placeholder in every row, then the rows that repeat a unique key over c go (no more than
// the keys need: a key that has another unique column keeps them all); without a placeholder, all rows.
// `keys_live`: the unique keys over c are there while the rows are filled (c was retyped under
// them), so the placeholder goes in row by row, and a row it would make repeat a key is deleted.
static void give_rows_distinct_values(const Table& t, const Column& c, const Schema& before,
                                      const std::string& what, bool keys_live, std::vector<Op>& down,
                                      Step& s) {
  const QName& table = t.name;
  // The key column of a foreign key: a row number would match no referenced row (23503). A nullable
  // one takes the referenced values instead, one each in their order, NULL past the last, and the
  // unique keys over it are fitted after (under NULLS NOT DISTINCT those NULLs repeat). A NOT NULL
  // one keeps its row number: the rows that match no referenced row are deleted before the key is
  // added back (fit_foreign_key).
  const Constraint* fk = nullptr;
  for (const Constraint& k : t.constraints) {
    if (k.kind == ConstraintKind::kForeignKey && key_columns(k) == std::vector<std::string>{c.name} &&
        referenced_columns(before, k).size() == 1)
      fk = &k;
  }
  if (fk != nullptr && !keys_live && !c.not_null) {
    const std::string ref = col(referenced_columns(before, *fk)[0]);
    down.push_back(SqlOp{
        "UPDATE " + sql_table(table) + " AS p2s_row SET " + col(c.name) +
        " = p2s_refs.p2s_value FROM (SELECT ctid AS p2s_id, row_number() OVER () AS p2s_n FROM " +
        sql_table(table) + ") AS p2s_rows LEFT JOIN (SELECT " + ref +
        " AS p2s_value, row_number() OVER (ORDER BY " + ref + ") AS p2s_n FROM " + sql_table(fk->ref_table) +
        ") AS p2s_refs ON p2s_refs.p2s_n = p2s_rows.p2s_n WHERE p2s_row.ctid = p2s_rows.p2s_id"});
    mark(s, Reversibility::kLossy,
         "rows present when down() runs get the values of " + display(fk->ref_table) + " in " + what + " " +
             c.name + ", one each (NULL past the last)");
    fit_rows_to_unique_keys_over(t, c.name, before, down, s);
    return;
  }
  if (auto value = distinct_value(c.type, "p2s_rows.p2s_n")) {
    down.push_back(SqlOp{"UPDATE " + sql_table(table) + " AS p2s_row SET " + col(c.name) + " = " + *value +
                         " FROM (SELECT ctid AS p2s_id, row_number() OVER () AS p2s_n FROM " +
                         sql_table(table) + ") AS p2s_rows WHERE p2s_row.ctid = p2s_rows.p2s_id"});
    mark(s, Reversibility::kLossy,
         "rows present when down() runs get their row number in " + what + " " + c.name);
  } else if (auto fill = placeholder_value(c.type, before); fill && keys_live) {
    // A key checked at COMMIT is checked row by row here, so that the row that repeats it is known.
    std::string deferred;
    for (const Constraint& k : t.constraints) {
      if ((k.kind == ConstraintKind::kPrimaryKey || k.kind == ConstraintKind::kUnique) &&
          k.initially_deferred && mentions(k.columns, c.name))
        deferred += (deferred.empty() ? "" : ", ") + qualified(QName{canonical(table).schema, k.name});
    }
    const std::string immediate = deferred.empty() ? "" : "SET CONSTRAINTS " + deferred + " IMMEDIATE; ";
    const std::string restore = deferred.empty() ? "" : " SET CONSTRAINTS " + deferred + " DEFERRED;";
    down.push_back(SqlOp{"DO $p2s$ DECLARE p2s_row tid; BEGIN " + immediate +
                         for_each_row(table,
                                      "UPDATE " + sql_table(table) + " SET " + col(c.name) + " = " + *fill +
                                          " WHERE ctid = p2s_row",
                                      "unique_violation", delete_this_row(table, before, s)) +
                         restore + " END $p2s$"});
    fit_rows_to_view_keys(t, c.name, before, down, s);
    mark(s, Reversibility::kLossy,
         "rows present when down() runs get " + *fill + " in " + what + " " + c.name +
             ", and those it would make repeat a unique key are deleted");
  } else if (fill) {
    down.push_back(SqlOp{"UPDATE " + sql_table(table) + " SET " + col(c.name) + " = " + *fill});
    mark(s, Reversibility::kLossy,
         "rows present when down() runs get " + *fill + " in " + what + " " + c.name);
    fit_rows_to_unique_keys_over(t, c.name, before, down, s);
  } else {
    down.push_back(SqlOp{"DELETE FROM " + sql_table(table)});
    mark(s, Reversibility::kLossy,
         "rows present when down() runs are deleted: " + what + " " + c.name +
             " has no value of its own for each");
  }
}

// A column under a unique key cannot come back with one value in every row (nor with NULL in every
// row, under NULLS NOT DISTINCT): it is added empty, each row gets a value of its own (or, where the
// type has none, the rows are deleted), then NOT NULL and the default follow.
static void readd_unique_column(const Table& t, const Column& c, KeyUse key, const Schema& before,
                                std::vector<Op>& down, Step& s) {
  const QName& table = t.name;
  Column bare = c;
  bare.not_null = false;
  bare.default_sql.reset();
  down.push_back(SqlOp{sql_add_column(table, bare)});
  if (c.not_null || key == KeyUse::kUniqueNullsEqual) {
    give_rows_distinct_values(t, c, before, "re-added unique column", false, down, s);
    if (c.not_null) down.push_back(SqlOp{alter(table) + "ALTER COLUMN " + col(c.name) + " SET NOT NULL"});
  }
  if (c.default_sql)
    down.push_back(SqlOp{alter(table) + "ALTER COLUMN " + col(c.name) + " SET DEFAULT " + *c.default_sql});
}

// Re-adding a NOT NULL column without a default fails on a table with rows: add it with a
// placeholder default that fills those rows, then drop the default again.
static void readd_column_itself(const Table& t, const Column& c, KeyUse key, const Schema& before,
                                std::vector<Op>& down, Step& s) {
  const QName& table = t.name;
  const bool fills_itself = c.serial || c.identity || c.is_generated();
  if (key != KeyUse::kNone && !fills_itself &&
      (c.not_null || c.default_sql || key == KeyUse::kUniqueNullsEqual))
    return readd_unique_column(t, c, key, before, down, s);
  const std::optional<std::string> fill =
      c.not_null && !c.default_sql && !fills_itself ? placeholder_value(c.type, before) : std::nullopt;
  if (fill) {
    Column with_default = c;
    with_default.default_sql = *fill;
    down.push_back(SqlOp{sql_add_column(table, with_default)});
    down.push_back(SqlOp{alter(table) + "ALTER COLUMN " + col(c.name) + " DROP DEFAULT"});
    mark(s, Reversibility::kLossy,
         "rows present when down() runs get " + *fill + " in re-added column " + c.name);
    return;
  }
  auto n = native_column(c);
  if (n && native_table(table)) {
    down.push_back(AddColumnOp{table.name, *n});
  } else {
    down.push_back(SqlOp{sql_add_column(table, c)});
  }
}

static void readd_column(const Table& t, const Column& c, KeyUse key, const Schema& before,
                         std::vector<Op>& down, Step& s) {
  const std::vector<const TextObject*> owned = create_owned_sequences(t, &c.name, before, down);
  readd_column_itself(t, c, key, before, down, s);
  own_sequences(t, &c.name, owned, before, down);
  relax_serial_not_null(t.name, c, down);
}

// Undo for one ALTER TABLE command, computed against `before` (the state just before the command).
static void plan_cmd(const AlterCmd& cmd, const QName& table, const Schema& before,
                     std::vector<Op>& up_native, bool& all_native, std::vector<Op>& down, Step& s,
                     const PlanOptions& o) {
  const Table* t = before.table(table);
  if (t == nullptr) return;
  std::visit(
      Overloaded{
          [&](const AddColumn& a) {
            if (t->column(a.column.name) != nullptr) return;  // IF NOT EXISTS on an existing column
            auto n = native_column(a.column);
            std::optional<std::vector<Op>> constraints = native_constraint_ops(table, a.constraints);
            if (n && constraints && native_table(table)) {
              up_native.push_back(AddColumnOp{table.name, *n});
              for (Op& op : *constraints) up_native.push_back(std::move(op));
            } else {
              all_native = false;
            }
            if (native_table(table) && native_name(a.column.name)) {
              down.push_back(RemoveColumnOp{table.name, a.column.name});
            } else {
              down.push_back(SqlOp{alter(table) + "DROP COLUMN " + col(a.column.name)});
            }
          },
          [&](const DropColumn& d) {
            const Column* c = t->column(d.name);
            if (c == nullptr) return;
            if (native_table(table) && native_name(d.name) && !d.cascade) {
              up_native.push_back(RemoveColumnOp{table.name, d.name});
            } else {
              all_native = false;
            }
            mark(s, Reversibility::kLossy, "the values of dropped column " + d.name + " are not restored");
            readd_column(*t, *c, under_unique_key(*t, before, d.name), before, down, s);
            restore_column_extras(table, *c, down);
            // The values the column comes back with (its default or a placeholder in every row, or a
            // sequence's next numbers) may break a CHECK or a foreign key; NULLs do not. A unique key
            // over it may break when its other columns, or those a generated column is computed
            // from, change later.
            const bool filled = c->not_null || c->default_sql || c->serial || c->identity;
            auto key_may_break = [&](const std::vector<std::string>& key) {
              if (!filled && !c->is_generated()) return false;
              std::vector<std::string> others = c->generated_columns;
              for (const std::string& x : key) {
                if (x != d.name) others.push_back(x);
              }
              return !others.empty() && rows_may_break(table, others, nullptr, o.later);
            };
            for (const Constraint& k : t->constraints) {
              if (!mentions(k.columns, d.name)) continue;
              const bool unique = k.kind == ConstraintKind::kPrimaryKey || k.kind == ConstraintKind::kUnique;
              if ((filled && (k.kind == ConstraintKind::kCheck || k.kind == ConstraintKind::kForeignKey)) ||
                  (unique && key_may_break(k.columns)))
                fit_rows_to_constraint(table, *t, k, before, down, s);
              add_constraint_back(table, k, before, down);
            }
            for (const Index* i : before.indexes_of(table)) {
              if (!mentions(i->columns, d.name)) continue;
              if (i->unique && key_may_break(i->columns)) fit_rows_to_index(*i, *t, before, down, s);
              recreate_index(*i, before, down);
            }
            if (d.cascade) restore_column_dependents(table, d.name, before, down, s);
          },
          [&](const AlterColumnType& a) {
            all_native = false;
            const Column* c = t->column(a.column);
            if (c == nullptr) return;
            TypeRef old = c->type;
            bool distinct_fill = false;  // a unique NOT NULL column that cannot be converted back
            const bool enum_involved =
                (old.is_user_type() &&
                 before.enums.end() !=
                     std::find_if(before.enums.begin(), before.enums.end(),
                                  [&](const EnumType& e) { return same_name(e.name, old.user_type); })) ||
                (a.type.is_user_type() &&
                 before.enums.end() !=
                     std::find_if(before.enums.begin(), before.enums.end(),
                                  [&](const EnumType& e) { return same_name(e.name, a.type.user_type); }));
            if (c->default_sql)
              down.push_back(SqlOp{alter(table) + "ALTER COLUMN " + col(a.column) + " DROP DEFAULT"});
            std::string sql = alter(table) + "ALTER COLUMN " + col(a.column) + " TYPE " + sql_type_name(old);
            if (c->collation) sql += " COLLATE " + quote_ident(*c->collation);
            // Whether `back` can fail on a value (not when it is a constant or a CASE with a fallback).
            bool can_fail = !always_casts(a.type, old) && !enum_labels_fit(a.type, old, before);
            bool constant_back = false;  // one value in every row: NULL or the placeholder
            std::string back =
                enum_involved ? enum_cast(old, a.column) : col(a.column) + "::" + sql_type_name(old);
            if (a.using_kind == UsingKind::kAtTimeZone) {
              back = "(" + col(a.column) + " AT TIME ZONE " + a.using_zone + ")::" + sql_type_name(old);
            } else if (a.using_kind == UsingKind::kToTimestamp && numeric_type(old)) {
              back = "extract(epoch from " + col(a.column) + ")::" + sql_type_name(old);
              mark(s, Reversibility::kLossy,
                   "column " + a.column +
                       " goes back from to_timestamp() through extract(epoch), in the session's time zone");
            } else if (a.using_kind == UsingKind::kOther &&
                       (always_casts(a.type, old) || enum_labels_fit(a.type, old, before))) {
              // The cast back never fails, but the USING expression may have changed the values.
              mark(s, Reversibility::kLossy,
                   "column " + a.column +
                       " is cast back, but what its USING expression changed is not restored");
            } else if ((a.using_kind != UsingKind::kNone && a.using_kind != UsingKind::kPlainCast) ||
                       old.array_dims != a.type.array_dims) {
              // No inverse of the USING expression, and no cast that cannot fail (nor any cast at all
              // between a scalar and an array): the values are lost (between enums, only those whose
              // label the old type lacks).
              const std::optional<std::string> fill =
                  c->not_null ? placeholder_value(old, before) : std::optional<std::string>{};
              const std::string value = (fill ? *fill : std::string("NULL")) + "::" + sql_type_name(old);
              const EnumType* old_enum = old.is_user_type() ? before.enum_type(old.user_type) : nullptr;
              if (old_enum != nullptr && a.type.is_user_type() && old.array_dims == 0 &&
                  a.type.array_dims == 0) {
                std::string labels;
                for (const std::string& l : old_enum->labels)
                  labels += (labels.empty() ? "" : ", ") + quote_literal(l);
                back = "CASE WHEN " + col(a.column) + "::text IN (" + labels + ") THEN " +
                       enum_cast(old, a.column) + " ELSE " + value + " END";
                can_fail = false;
                mark(s, Reversibility::kLossy,
                     "values of " + a.column + " that " + sql_type_name(old) + " does not have become " +
                         (fill ? *fill : std::string("NULL")));
              } else {
                back = value;
                constant_back = true;
                can_fail = false;
                // One constant in every row would repeat a unique key: NULL first, then a value of
                // its own for each row, then NOT NULL again.
                distinct_fill =
                    fill && under_unique_key(*t, before, a.column) == KeyUse::kUnique &&
                    std::none_of(t->constraints.begin(), t->constraints.end(), [&](const Constraint& k) {
                      return k.kind == ConstraintKind::kPrimaryKey && mentions(k.columns, a.column);
                    });  // a primary key column keeps its NOT NULL
                if (distinct_fill) back = "NULL::" + sql_type_name(old);
                mark(s, Reversibility::kLossy,
                     "column " + a.column + " cannot be converted back from " + sql_type_name(a.type) +
                         ": its values become " +
                         (distinct_fill ? std::string("NULL")
                          : fill        ? *fill
                                        : "NULL"));
              }
            }
            if ((a.using_kind == UsingKind::kNone || a.using_kind == UsingKind::kPlainCast) &&
                !enum_involved && !keeps_every_value(old, a.type, a.using_kind == UsingKind::kPlainCast))
              mark(s, Reversibility::kLossy,
                   "column " + a.column + " is cast back from " + sql_type_name(a.type) +
                       ", but what the cast to it " + "rounded, truncated or respelled is not restored");
            if (can_fail && rows_may_break(table, {a.column}, nullptr, o.later))
              fit_rows_to_cast(table, *c, back, sql_type_name(old), before, down, s);
            sql += " USING " + back;
            if (constant_back && !distinct_fill)
              fit_rows_to_one_value(*t, a.column, back == "NULL::" + sql_type_name(old), before, down, s);
            if (distinct_fill)
              down.push_back(SqlOp{alter(table) + "ALTER COLUMN " + col(a.column) + " DROP NOT NULL"});
            down.push_back(SqlOp{sql});
            if (distinct_fill) {
              Column restored = *c;
              restored.type = old;
              give_rows_distinct_values(*t, restored, before, "unique column", true, down, s);
              down.push_back(SqlOp{alter(table) + "ALTER COLUMN " + col(a.column) + " SET NOT NULL"});
            }
            if (c->default_sql)
              down.push_back(
                  SqlOp{alter(table) + "ALTER COLUMN " + col(a.column) + " SET DEFAULT " + *c->default_sql});
            // The type change put storage and compression back to the type's own.
            restore_column_attributes(table, *c, {ColumnAttribute::kStorage, ColumnAttribute::kCompression},
                                      down);
          },
          [&](const SetDefault& d) {
            all_native = false;
            const Column* c = t->column(d.column);
            if (c == nullptr) return;
            down.push_back(
                SqlOp{alter(table) + "ALTER COLUMN " + col(d.column) +
                      (c->default_sql ? " SET DEFAULT " + *c->default_sql : std::string(" DROP DEFAULT"))});
          },
          [&](const SetNotNull& n) {
            all_native = false;
            const Column* c = t->column(n.column);
            if (c == nullptr) return;
            if (c->not_null && !n.not_null) {
              // Rows the up() (or later) left NULL would make SET NOT NULL fail: fill them first with
              // the old default, else the placeholder; where a fill value could break a key, a CHECK
              // or a foreign key, the rows go instead (when rows change later, or a later migration
              // drops the column, which its down() adds back NULL).
              const std::optional<std::string> fill =
                  c->default_sql ? c->default_sql : placeholder_value(c->type, before);
              if (fill && !under_constraint(*t, before, n.column)) {
                down.push_back(SqlOp{"UPDATE " + sql_table(table) + " SET " + col(n.column) + " = " + *fill +
                                     " WHERE " + col(n.column) + " IS NULL"});
                mark(s, Reversibility::kLossy,
                     "rows with NULL in " + n.column + " when down() runs get " + *fill);
              } else if (rows_may_break(table, {n.column}, nullptr, o.later)) {
                delete_null_rows(table, n.column, down, s);
              }
            }
            down.push_back(SqlOp{alter(table) + "ALTER COLUMN " + col(n.column) +
                                 (c->not_null ? " SET NOT NULL" : " DROP NOT NULL")});
          },
          [&](const AddConstraint& a) {
            Op op = add_constraint_op(table, a.constraint);
            if (std::holds_alternative<SqlOp>(op)) all_native = false;
            up_native.push_back(std::move(op));
            down.push_back(drop_constraint_op(table, a.constraint.name));
            if (a.constraint.kind == ConstraintKind::kPrimaryKey) {
              // PostgreSQL made the key's columns NOT NULL; dropping the key leaves them so.
              const std::vector<std::string> keys =
                  a.constraint.using_index.empty() ? a.constraint.columns
                                                   : index_columns(before, table, a.constraint.using_index);
              for (const std::string& k : keys) {
                const Column* kc = t->column(k);
                if (kc != nullptr && !kc->not_null)
                  down.push_back(SqlOp{alter(table) + "ALTER COLUMN " + col(k) + " DROP NOT NULL"});
              }
            }
            if (!a.constraint.using_index.empty()) {
              // The index it consumed comes back under its old name.
              for (const Index* i : before.indexes_of(table)) {
                if (i->name == a.constraint.using_index) recreate_index(*i, before, down);
              }
            }
          },
          [&](const DropConstraint& d) {
            const Constraint* k = nullptr;
            for (const Constraint& x : t->constraints) {
              if (x.name == d.name) k = &x;
            }
            if (k == nullptr) return;
            up_native.push_back(drop_constraint_op(table, d.name));
            if (rows_may_break(table, *k, o.later)) fit_rows_to_constraint(table, *t, *k, before, down, s);
            add_constraint_back(table, *k, before, down);
            if (!d.cascade) return;
            all_native = false;  // removeConstraint has no CASCADE
            restore_bound_foreign_keys(table, candidate_set(*k), k->name, before, o, down, s);
          },
          [&](const ValidateConstraint& v) {
            // PostgreSQL cannot un-validate: drop the constraint and add it back NOT VALID.
            all_native = false;
            const Constraint* k = nullptr;
            for (const Constraint& x : t->constraints) {
              if (x.name == v.name) k = &x;
            }
            if (k == nullptr || k->validated) return;
            down.push_back(drop_constraint_op(table, k->name));
            down.push_back(restore_constraint_op(table, *k));
          },
          [&](const AlterConstraint& a) {
            all_native = false;
            for (const Constraint& k : t->constraints) {
              if (k.name == a.name)
                down.push_back(
                    SqlOp{alter(table) + "ALTER CONSTRAINT " + quote_ident(k.name) + " " + sql_deferral(k)});
            }
          },
          [&](const AddIdentity& a) {
            all_native = false;
            down.push_back(SqlOp{alter(table) + "ALTER COLUMN " + col(a.column) + " DROP IDENTITY"});
          },
          [&](const DropIdentity& d) {
            all_native = false;
            const Column* c = t->column(d.column);
            if (c == nullptr || !c->identity) return;
            down.push_back(SqlOp{alter(table) + "ALTER COLUMN " + col(d.column) + " ADD" + sql_identity(*c)});
            own_sequences(*t, &d.column, {}, before, down);  // the new sequence: its name, options, comment
          },
          [&](const SetIdentity& si) {
            all_native = false;
            const Column* c = t->column(si.column);
            if (c == nullptr) return;
            if (si.generated && c->identity) {
              down.push_back(SqlOp{alter(table) + "ALTER COLUMN " + col(si.column) + " SET GENERATED " +
                                   (c->identity == 'a' ? "ALWAYS" : "BY DEFAULT")});
            }
            if (si.restart)
              mark(s, Reversibility::kLossy, "the position of the identity sequence is not restored");
          },
          [&](const SetLogged& l) {
            all_native = false;
            if (t->unlogged == l.logged)
              down.push_back(SqlOp{alter(table) + (t->unlogged ? "SET UNLOGGED" : "SET LOGGED")});
          },
          [&](const SetRowSecurity& r) {
            all_native = false;
            if (t->row_security != r.enable) {
              down.push_back(
                  SqlOp{alter(table) + (t->row_security ? "ENABLE" : "DISABLE") + " ROW LEVEL SECURITY"});
            }
          },
          [&](const SetReplicaIdentity&) {
            all_native = false;
            down.push_back(SqlOp{sql_replica_identity(table, t->replica_identity, t->replica_index)});
          },
          [&](const SetTriggerState& st) {
            all_native = false;
            // ALL first puts the internal triggers back, and every trigger with them; then each
            // trigger it touched whose state was another.
            char now = st.state;
            if (st.all && t->internal_triggers != st.state) {
              down.push_back(SqlOp{sql_trigger_state(table, nullptr, t->internal_triggers)});
              now = t->internal_triggers;
            }
            for (const TextObject& trigger : before.objects) {
              if (trigger.kind != ObjectKind::kTrigger || !on_table(trigger, table)) continue;
              if (!st.name.empty() && trigger.key != trigger_key(table, st.name)) continue;
              if (trigger.trigger_state != now)
                down.push_back(SqlOp{sql_trigger_state(table, &trigger, trigger.trigger_state)});
            }
          },
          [&](const SetOptions& opts) {
            all_native = false;
            RelOptions after = t->options;
            apply_options(after, opts);
            for (std::string& sql : sql_rel_options_change(alter(table), after, t->options))
              down.push_back(SqlOp{std::move(sql)});
          },
          [&](const SetCluster&) {
            all_native = false;
            std::string clustered;  // the table's CLUSTER index before, if any
            for (const Constraint& k : t->constraints) {
              if (k.clustered) clustered = k.name;
            }
            for (const Index* i : before.indexes_of(table)) {
              if (i->clustered) clustered = i->name;
            }
            down.push_back(SqlOp{sql_cluster_on(table, clustered)});
          },
          [&](const SetColumnAttribute& a) {
            all_native = false;
            if (const Column* c = t->column(a.column))
              down.push_back(
                  SqlOp{sql_column_attribute(table, a.column, a.what, column_attribute(*c, a.what))});
          },
          [&](const UnsupportedCmd& u) {
            all_native = false;
            irreversible(s, u.what + " is not modelled", o);
          },
      },
      cmd);
}

std::vector<Op> plan_cascaded_column_drops(const ObjectRef& root, Schema& state, Step& s,
                                           const PlanOptions& o) {
  std::vector<ObjectRef> gone;
  for (const Dependent& d : dependents(state, {root}, DependScope::kColumns)) gone.push_back(d.ref);
  std::vector<Op> down;
  Diagnostics ignored;
  for (auto it = gone.rbegin(); it != gone.rend(); ++it) {  // the down()s run in the opposite order
    const DropColumn drop{it->sub, false, true};
    std::vector<Op> up, back;
    bool native = false;
    plan_cmd(drop, it->name, state, up, native, back, s, o);
    apply_cmd(drop, it->name, state, SourceLoc{}, ignored);
    down.insert(down.begin(), back.begin(), back.end());
  }
  return down;
}

// The indexes with an expression or a WHERE over a column the statement retypes (and does not
// drop): PostgreSQL rebuilds them from their text as it does a CHECK, so down() takes them out while
// it changes the types back and recreates them as they were.
static std::vector<const Index*> retyped_expression_indexes(const AlterTable& a, const Schema& before) {
  std::vector<const Index*> out;
  for (const Index* i : before.indexes_of(a.table)) {
    const UniqueKey key = index_key(i->node, i->renames, i->labels);
    const bool expression = !key.where.empty() || mentions(key.columns, "");
    bool retyped = false, dropped = false;
    for (const AlterCmd& cmd : a.cmds) {
      const auto* type = std::get_if<AlterColumnType>(&cmd);
      const auto* drop = std::get_if<DropColumn>(&cmd);
      retyped = retyped || (type != nullptr && mentions(i->columns, type->column));
      dropped = dropped || (drop != nullptr && mentions(i->columns, drop->name));
    }
    if (expression && retyped && !dropped) out.push_back(i);
  }
  return out;
}

void plan_alter_table(const AlterTable& a, const Statement& stmt, const Schema& before, Step& s,
                      const PlanOptions& o) {
  s.summary = "ALTER TABLE " + display(a.table);
  if (before.table(a.table) == nullptr) {
    s.up.push_back(SqlOp{stmt.sql});
    s.translation = "sql";
    if (!a.if_exists) irreversible(s, "table " + display(a.table) + " is unknown here", o);
    return;
  }
  // Later commands are planned against the earlier ones' effect (and a DROP COLUMN ... CASCADE after the
  // generated columns it takes): a copy only when there are any.
  auto cascade = [](const AlterCmd& c) {
    return std::holds_alternative<DropColumn>(c) && std::get<DropColumn>(c).cascade;
  };
  std::optional<Schema> scratch;
  if (a.cmds.size() > 1 || std::any_of(a.cmds.begin(), a.cmds.end(), cascade)) scratch = before;
  Diagnostics ignored;
  std::vector<Op> up_native;
  std::vector<std::vector<Op>> downs;
  bool all_native = true;
  for (const AlterCmd& cmd : a.cmds) {
    std::vector<Op> taken;  // DROP COLUMN ... CASCADE: the generated columns computed from it go first
    if (cascade(cmd)) {
      const ObjectRef column{RefKind::kColumn, a.table, std::get<DropColumn>(cmd).name};
      taken = plan_cascaded_column_drops(column, *scratch, s, o);
    }
    std::vector<Op> down;
    plan_cmd(cmd, a.table, scratch ? *scratch : before, up_native, all_native, down, s, o);
    down.insert(down.end(), taken.begin(), taken.end());
    downs.push_back(std::move(down));
    if (scratch) apply_cmd(cmd, a.table, *scratch, stmt.loc, ignored);
  }
  if (all_native && !up_native.empty()) {
    s.translation = "native";
    s.up = std::move(up_native);
  } else {
    s.translation = "sql";
    s.up.push_back(SqlOp{stmt.sql});
  }
  // PostgreSQL rebuilds a CHECK on a column whose type changes from the constraint's text, read
  // against the new type ("code" >= 0 on numeric becomes "code" >= 0::numeric), and again when
  // down() changes it back ("code"::numeric >= 0::numeric): down() drops such a CHECK first and
  // adds it back from the model as it was before, once the types are back.
  const Table* t = before.table(a.table);
  std::vector<const Constraint*> checks;
  auto touched = [&](const Constraint& k) {  // another command of the statement undoes it already
    return std::any_of(a.cmds.begin(), a.cmds.end(), [&](const AlterCmd& cmd) {
      const auto* drop = std::get_if<DropConstraint>(&cmd);
      const auto* add = std::get_if<AddConstraint>(&cmd);
      return (drop != nullptr && drop->name == k.name) || (add != nullptr && add->constraint.name == k.name);
    });
  };
  for (const Constraint& k : t->constraints) {
    if (k.kind != ConstraintKind::kCheck || touched(k)) continue;
    const bool retyped = std::any_of(a.cmds.begin(), a.cmds.end(), [&](const AlterCmd& cmd) {
      const auto* type = std::get_if<AlterColumnType>(&cmd);
      return type != nullptr && mentions(k.columns, type->column);
    });
    if (retyped) checks.push_back(&k);
  }
  for (const Constraint* k : checks)
    s.down.push_back(SqlOp{alter(a.table) + "DROP CONSTRAINT " + quote_ident(k->name)});
  const std::vector<const Index*> indexes = retyped_expression_indexes(a, before);
  for (const Index* i : indexes) s.down.push_back(drop_index_op(i->table, i->name, false));
  for (auto it = downs.rbegin(); it != downs.rend(); ++it) {
    for (Op& op : *it) s.down.push_back(std::move(op));
  }
  for (const Constraint* k : checks) {
    add_constraint_back(a.table, *k, before, s.down);
  }
  for (const Index* i : indexes) recreate_index(*i, before, s.down);
}

// ---- indexes ------------------------------------------------------------------------------------

void plan_create_index(const CreateIndex& c, const Statement& stmt, const Schema& before, Step& s) {
  s.summary = "CREATE INDEX " + c.index.name;
  if (before.index(QName{c.index.table.schema, c.index.name}) != nullptr && c.if_not_exists) {
    s.translation = "sql";
    s.up.push_back(SqlOp{stmt.sql});
    return;
  }
  bool native =
      c.simple && !c.concurrent && !c.if_not_exists && native_table(c.index.table) &&
      native_name(c.index.name) &&
      std::all_of(c.fields.begin(), c.fields.end(), [](const auto& f) { return native_name(f.first); });
  if (native) {
    AddIndexOp op{c.index.table.name, c.index.name, {}, c.index.unique, c.method == "btree" ? "" : c.method};
    for (const auto& [name, desc] : c.fields) op.fields.push_back(IndexField{name, desc});
    s.up.push_back(op);
    s.translation = "native";
  } else {
    s.up.push_back(SqlOp{stmt.sql});
    s.translation = "sql";
  }
  s.down.push_back(drop_index_op(c.index.table, c.index.name, c.concurrent));
}

}  // namespace p2s
