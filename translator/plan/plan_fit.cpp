// Before a down() adds back a constraint that its up() dropped, over rows that may break it: the
// statements that make the rows fit. A key kept by one row per value, an orphan reference or a NULL
// gets NULL where the column allows it, else the row is deleted; a CHECK has no value that satisfies
// it by construction, so its violating rows are deleted. Every such statement makes the step lossy.
#include <algorithm>

#include "parse/pg_keys.h"
#include "plan/plan_steps.h"
#include "plan/plan_util.h"
#include "replay/replay.h"

namespace p2s {
namespace {

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string set_null(const std::vector<std::string>& columns) {
  std::vector<std::string> sets;
  for (const std::string& c : columns) sets.push_back(col(c) + " = NULL");
  return join(sets, ", ");
}

// The nullable ones of `columns` in `t`.
std::vector<std::string> nullable(const Table& t, const std::vector<std::string>& columns) {
  std::vector<std::string> out;
  for (const std::string& c : columns) {
    const Column* column = t.column(c);
    if (column != nullptr && !column->not_null && !column->is_generated())
      out.push_back(c);  // can't SET those
  }
  return out;
}

// Before rows of `table` are deleted (`doomed`: a SELECT of their ctids): the rows of other tables
// that reference them through a foreign key that would refuse the deletion (NO ACTION, RESTRICT)
// lose the reference, NULL where its columns allow it, else they are deleted too (one level: a
// reference to those is left to PostgreSQL's error). The other actions act by themselves.
void release_references(const QName& table, const std::string& doomed, const Schema& schema,
                        std::vector<Op>& down, Step& s) {
  for (const Table& other : schema.tables) {
    for (const Constraint& k : other.constraints) {
      if (k.kind != ConstraintKind::kForeignKey || !same_name(k.ref_table, table) ||
          (k.on_delete != 'a' && k.on_delete != 'r'))
        continue;
      const std::vector<std::string> own = key_columns(k);
      const std::vector<std::string> ref = referenced_columns(schema, k);
      if (own.empty() || own.size() != ref.size()) continue;
      std::vector<std::string> own_cols, ref_cols;
      for (size_t i = 0; i < own.size(); ++i)
        own_cols.push_back(as_referenced(col(own[i]), schema, other.name, own[i], table, ref[i]));
      for (const std::string& c : ref) ref_cols.push_back(col(c));
      const std::string referencing = "(" + join(own_cols, ", ") + ") IN (SELECT " + join(ref_cols, ", ") +
                                      " FROM " + sql_table(table) + " WHERE ctid IN (" + doomed + "))";
      const std::vector<std::string> to_null = nullable(other, own);
      if (to_null.size() == own.size()) {
        down.push_back(
            SqlOp{"UPDATE " + sql_table(other.name) + " SET " + set_null(to_null) + " WHERE " + referencing});
        mark(s, Reversibility::kLossy,
             "rows of " + display(other.name) + " that reference rows of " + display(table) +
                 " down() deletes get NULL in " + join(own, ", "));
      } else {
        down.push_back(SqlOp{"DELETE FROM " + sql_table(other.name) + " WHERE " + referencing});
        mark(s, Reversibility::kLossy,
             "rows of " + display(other.name) + " that reference rows of " + display(table) +
                 " down() deletes are deleted");
      }
    }
  }
}

// Rows past the first of each key value: NULL in the key's nullable columns, else deleted.
void fit_unique(const QName& table, const Table& t, const UniqueKey& key, const std::string& what,
                const Schema& schema, std::vector<Op>& down, Step& s) {
  if (key.exprs.empty()) return;
  std::vector<std::string> applies;  // the rows the key constrains
  if (!key.nulls_not_distinct) {
    for (const std::string& e : key.exprs) applies.push_back(e + " IS NOT NULL");
  }
  if (!key.where.empty()) applies.push_back("(" + key.where + ")");
  const std::string extra = "SELECT ctid FROM (SELECT ctid, row_number() OVER (PARTITION BY " +
                            join(key.exprs, ", ") + " ORDER BY ctid) AS p2s_n FROM " + sql_table(table) +
                            (applies.empty() ? "" : " WHERE " + join(applies, " AND ")) +
                            ") AS p2s_dup WHERE p2s_n > 1";
  const bool plain =
      std::none_of(key.columns.begin(), key.columns.end(), [](const std::string& c) { return c.empty(); });
  const std::vector<std::string> to_null =
      plain && !key.nulls_not_distinct ? nullable(t, key.columns) : std::vector<std::string>{};
  if (!to_null.empty()) {
    down.push_back(
        SqlOp{"UPDATE " + sql_table(table) + " SET " + set_null(to_null) + " WHERE ctid IN (" + extra + ")"});
    mark(s, Reversibility::kLossy,
         "rows that repeat a key of " + what + " when down() runs get NULL in " + join(to_null, ", "));
  } else {
    release_references(table, extra, schema, down, s);
    down.push_back(SqlOp{"DELETE FROM " + sql_table(table) + " WHERE ctid IN (" + extra + ")"});
    mark(s, Reversibility::kLossy, "rows that repeat a key of " + what + " when down() runs are deleted");
  }
}

void fit_foreign_key(const QName& table, const Table& t, const Constraint& k, const Schema& before,
                     std::vector<Op>& down, Step& s) {
  const std::vector<std::string> own = key_columns(k);
  const std::vector<std::string> ref = referenced_columns(before, k);
  if (own.empty() || own.size() != ref.size()) return;
  std::vector<std::string> present, match;
  for (size_t i = 0; i < own.size(); ++i) {
    present.push_back("p2s_row." + col(own[i]) + " IS NOT NULL");
    match.push_back("p2s_ref." + col(ref[i]) + " = " +
                    as_referenced("p2s_row." + col(own[i]), before, table, own[i], k.ref_table, ref[i]));
  }
  // MATCH SIMPLE checks a row only when every key column is set; MATCH FULL unless all are NULL.
  const std::string orphan = (k.match_full ? "(" + join(present, " OR ") + ")" : join(present, " AND ")) +
                             " AND NOT EXISTS (SELECT 1 FROM " + sql_table(k.ref_table) +
                             " AS p2s_ref WHERE " + join(match, " AND ") + ")";
  std::vector<std::string> to_null = nullable(t, own);
  if (k.match_full && to_null.size() != own.size()) to_null.clear();
  if (!to_null.empty()) {
    down.push_back(
        SqlOp{"UPDATE " + sql_table(table) + " AS p2s_row SET " + set_null(to_null) + " WHERE " + orphan});
    mark(s, Reversibility::kLossy,
         "rows of " + display(table) + " whose " + join(own, ", ") + " match no row of " +
             display(k.ref_table) + " get NULL there");
  } else {
    release_references(table, "SELECT ctid FROM " + sql_table(table) + " AS p2s_row WHERE " + orphan, before,
                       down, s);
    down.push_back(SqlOp{"DELETE FROM " + sql_table(table) + " AS p2s_row WHERE " + orphan});
    mark(s, Reversibility::kLossy,
         "rows of " + display(table) + " whose " + join(own, ", ") + " match no row of " +
             display(k.ref_table) + " are deleted");
  }
}

std::string view_key_name(const ViewKey& k) {
  return k.index + " (on materialized view " + display(k.view) + ")";
}

}  // namespace

bool rows_may_break(const QName& table, const std::vector<std::string>& columns, const QName* references,
                    const LaterChanges& later) {
  if (later.rows) return true;
  for (const LaterChanges* l = &later; l != nullptr; l = l->after) {
    auto dropped = [&](const QName& n) {
      return std::any_of(l->dropped_tables.begin(), l->dropped_tables.end(),
                         [&](const QName& d) { return same_name(d, n); });
    };
    if (dropped(table)) return false;  // it comes back empty
    if (references != nullptr && dropped(*references)) return true;
    if (std::any_of(l->dropped_columns.begin(), l->dropped_columns.end(), [&](const auto& c) {
          return same_name(c.first, table) && mentions(columns, c.second);
        })) {
      return true;
    }
  }
  return false;
}

bool rows_may_break(const QName& table, const Constraint& k, const LaterChanges& later) {
  return rows_may_break(table, k.columns, k.kind == ConstraintKind::kForeignKey ? &k.ref_table : nullptr,
                        later);
}

void fit_rows_to_constraint(const QName& table, const Table& t, const Constraint& k, const Schema& before,
                            std::vector<Op>& down, Step& s) {
  if (!k.validated) return;  // added back NOT VALID: existing rows are not checked
  switch (k.kind) {
    case ConstraintKind::kCheck:
      if (auto expr = check_expression(k.node, k.renames, k.labels)) {
        release_references(table, "SELECT ctid FROM " + sql_table(table) + " WHERE NOT (" + *expr + ")",
                           before, down, s);
        down.push_back(SqlOp{"DELETE FROM " + sql_table(table) + " WHERE NOT (" + *expr + ")"});
        mark(s, Reversibility::kLossy, "rows that break CHECK " + k.name + " when down() runs are deleted");
      }
      return;
    case ConstraintKind::kPrimaryKey:
    case ConstraintKind::kUnique: {
      UniqueKey key;
      for (const std::string& c : key_columns(k)) {
        key.exprs.push_back(col(c));
        key.columns.push_back(c);
      }
      key.nulls_not_distinct = nulls_not_distinct(k.node);
      // A primary key's columns are NOT NULL already (dropping the key left them so).
      fit_unique(table, t, key, k.name, before, down, s);
      return;
    }
    case ConstraintKind::kForeignKey:
      fit_foreign_key(table, t, k, before, down, s);
      return;
    case ConstraintKind::kExclusion:
      return;  // which rows conflict depends on its operators: left to PostgreSQL's error
  }
}

void fit_rows_to_index(const Index& i, const Table& t, const Schema& before, std::vector<Op>& down, Step& s) {
  if (!i.unique) return;
  const UniqueKey key = index_key(i.node, i.renames, i.labels);
  UniqueKey tokens = key;  // over retyped columns: the expressions PostgreSQL holds (render_sql.h)
  for (size_t n = 0; n < tokens.exprs.size(); ++n) tokens.exprs[n] = index_key_token(n);
  if (!tokens.where.empty()) tokens.where = index_where_token();
  std::vector<Op> fit, written;
  fit_unique(i.table, t, tokens, i.name, before, fit, s);
  Step unmarked;
  fit_unique(i.table, t, key, i.name, before, written, unmarked);
  for (size_t n = 0; n < fit.size(); ++n) {
    const auto derived = sql_over_derived_key(i, std::get<SqlOp>(fit[n]).sql, key.exprs.size());
    if (derived) {
      down.push_back(SqlOp{*derived, std::get<SqlOp>(written[n]).sql});
    } else {
      down.push_back(written[n]);
    }
  }
}

void fit_rows_to_one_value(const Table& t, const std::string& column, bool null, const Schema& before,
                           std::vector<Op>& down, Step& s) {
  auto fit = [&](const std::vector<std::string>& columns, const std::string& name, bool nulls_equal) {
    if (null && !nulls_equal) return;  // NULLs repeat no key
    UniqueKey key;
    key.nulls_not_distinct = nulls_equal;
    for (const std::string& c : columns) {
      if (c == column) continue;
      key.exprs.push_back(col(c));
      key.columns.push_back(c);
    }
    if (key.exprs.empty()) {  // one row in all
      key.exprs.push_back("true");
      key.columns.push_back("");
    }
    fit_unique(t.name, t, key, name, before, down, s);
  };
  for (const Constraint& k : t.constraints) {
    if ((k.kind == ConstraintKind::kPrimaryKey || k.kind == ConstraintKind::kUnique) &&
        mentions(k.columns, column))
      fit(key_columns(k), k.name, k.kind == ConstraintKind::kUnique && nulls_not_distinct(k.node));
  }
  for (const Index* i : before.indexes_of(t.name)) {
    if (i->unique && mentions(i->columns, column))
      fit(i->columns, i->name, index_key(i->node, i->renames, i->labels).nulls_not_distinct);
  }
  for (const ViewKey& k : view_keys_over(t, before)) {
    if (mentions(k.key.columns, column)) fit(k.key.columns, view_key_name(k), k.key.nulls_not_distinct);
  }
}

void fit_rows_to_view_keys(const Table& t, const std::string& column, const Schema& before,
                           std::vector<Op>& down, Step& s) {
  for (const ViewKey& k : view_keys_over(t, before)) {
    if (mentions(k.key.columns, column)) fit_unique(t.name, t, k.key, view_key_name(k), before, down, s);
  }
}

std::string for_each_row(const QName& table, const std::string& body, const std::string& condition,
                         const std::string& handler) {
  return "FOR p2s_row IN SELECT ctid FROM " + sql_table(table) + " ORDER BY ctid LOOP BEGIN " + body +
         "; EXCEPTION WHEN " + condition + " THEN " + handler + "; END; END LOOP;";
}

std::string delete_this_row(const QName& table, const Schema& schema, Step& s) {
  std::vector<Op> release;
  release_references(table, "SELECT p2s_row", schema, release, s);
  std::string out;
  for (const Op& op : release) out += std::get<SqlOp>(op).sql + "; ";
  return out + "DELETE FROM " + sql_table(table) + " WHERE ctid = p2s_row";
}

void fit_rows_to_cast(const QName& table, const Column& c, const std::string& back, const std::string& type,
                      const Schema& before, std::vector<Op>& down, Step& s) {
  // PostgreSQL 15 has no pg_input_is_valid(): try the whole column, then each row in a subtransaction.
  const bool to_null = !c.not_null && !c.is_generated();
  const std::string fix =
      to_null ? "UPDATE " + sql_table(table) + " SET " + col(c.name) + " = NULL WHERE ctid = p2s_row"
              : delete_this_row(table, before, s);
  down.push_back(SqlOp{
      "DO $p2s$ DECLARE p2s_row tid; BEGIN PERFORM count(" + back + ") FROM " + sql_table(table) +
      "; EXCEPTION WHEN others THEN " +
      for_each_row(table, "PERFORM count(" + back + ") FROM " + sql_table(table) + " WHERE ctid = p2s_row",
                   "others", fix) +
      " END $p2s$"});
  mark(s, Reversibility::kLossy,
       "rows whose " + c.name + " does not convert back to " + type + " when down() runs " +
           (to_null ? "get NULL there" : "are deleted"));
}

void delete_null_rows(const QName& table, const std::string& column, std::vector<Op>& down, Step& s) {
  down.push_back(SqlOp{"DELETE FROM " + sql_table(table) + " WHERE " + col(column) + " IS NULL"});
  mark(s, Reversibility::kLossy, "rows with NULL in " + column + " when down() runs are deleted");
}

bool under_constraint(const Table& t, const Schema& before, const std::string& column) {
  for (const Constraint& k : t.constraints) {
    if (mentions(k.columns, column)) return true;
  }
  for (const Index* i : before.indexes_of(t.name)) {
    if (i->unique && mentions(i->columns, column)) return true;
  }
  return false;
}

}  // namespace p2s
