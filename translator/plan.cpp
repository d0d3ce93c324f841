// The planner's dispatch: one function per statement family (plan_table.cpp, plan_object.cpp).
// Every down is computed from the schema as it was before the statement; what cannot be undone is
// marked, never skipped.
#include "plan.h"

#include <algorithm>

#include "overloaded.h"
#include "plan_steps.h"
#include "plan_util.h"
#include "replay.h"
#include "replay_do.h"

namespace p2s {
namespace {

std::string comment_target(const Comment& c) {
  switch (c.target) {
    case CommentTarget::kTable:
      return "TABLE " + sql_table(c.object);
    case CommentTarget::kColumn:
      return sql_column_target(c.object, c.column);
    case CommentTarget::kIndex:
      return "INDEX " + sql_table(c.object);
    case CommentTarget::kType:
      return "TYPE " + sql_table(c.object);
    case CommentTarget::kConstraint:
      return "CONSTRAINT " + quote_ident(c.column) + " ON " + sql_table(c.object);
    case CommentTarget::kObject:
      return c.other_key;
    case CommentTarget::kOther:
      return c.other_key.substr(std::string("COMMENT ON ").size());
  }
  return {};
}

std::optional<std::string> previous_comment(const Comment& c, const Schema& before) {
  const Schema& b = before;
  switch (c.target) {
    case CommentTarget::kTable:
      if (const Table* t = b.table(c.object)) return t->comment;
      break;
    case CommentTarget::kColumn:
      if (const Table* t = b.table(c.object)) {
        if (const Column* col = t->column(c.column)) return col->comment;
      }
      break;
    case CommentTarget::kIndex:
      if (const Index* i = b.index(c.object)) return i->comment;
      break;
    case CommentTarget::kType:
      if (const EnumType* e = b.enum_type(c.object)) return e->comment;
      break;
    case CommentTarget::kConstraint:
      if (const Table* t = b.table(c.object)) {
        for (const Constraint& k : t->constraints) {
          if (k.name == c.column) return k.comment;
        }
      }
      break;
    case CommentTarget::kObject:
      if (const TextObject* o = b.object(c.object_kind, c.object_key)) return o->comment;
      break;
    case CommentTarget::kOther:
      for (const auto& [key, text] : before.other_comments) {
        if (key == c.other_key) return text;
      }
      break;
  }
  return std::nullopt;
}

// DELETE FROM t WHERE (pk...) IN ((v...), ...) for rows inserted with constant key values, when the
// primary key is among the inserted columns (the other values may be anything: now(), ...).
std::optional<std::string> delete_inserted(const InsertedRows& ins, const Schema& before) {
  const Table* t = before.table(ins.table);
  if (t == nullptr || ins.rows.empty()) return std::nullopt;
  const Constraint* pk = nullptr;
  for (const Constraint& k : t->constraints) {
    if (k.kind == ConstraintKind::kPrimaryKey) pk = &k;
  }
  if (pk == nullptr) return std::nullopt;
  std::vector<size_t> positions;
  std::string keys;
  for (const std::string& key : pk->keys) {
    const std::string current = pk->renames.count(key) ? pk->renames.at(key) : key;
    auto it = std::find(ins.columns.begin(), ins.columns.end(), current);
    if (it == ins.columns.end()) return std::nullopt;
    positions.push_back(static_cast<size_t>(it - ins.columns.begin()));
    keys += (keys.empty() ? "" : ", ") + col(current);
  }
  std::string sql = "DELETE FROM " + sql_table(ins.table) + " WHERE (" + keys + ") IN (";
  for (size_t r = 0; r < ins.rows.size(); ++r) {
    std::string tuple;
    for (size_t p : positions) {
      if (ins.rows[r][p].empty()) return std::nullopt;  // a key value that is not a constant
      tuple += (tuple.empty() ? "" : ", ") + ins.rows[r][p];
    }
    sql += (r ? ", (" : "(") + tuple + ")";
  }
  return sql + ")";
}

}  // namespace

Step plan(const Statement& written, const Schema& before, const PlanOptions& o) {
  const std::optional<Statement> named = with_chosen_names(written, before);  // as replay names them
  const Statement& stmt = named ? *named : written;
  Step s;
  s.loc = stmt.loc;
  s.outside_transaction = stmt.outside_transaction;
  std::visit(
      Overloaded{
          [&](const CreateTable& c) { plan_create_table(c, stmt, before, s); },
          [&](const AlterTable& a) { plan_alter_table(a, stmt, before, s, o); },
          [&](const Rename& r) { plan_rename(r, stmt, before, s); },
          [&](const SetSchema& m) {
            s.translation = "sql";
            s.summary =
                std::string(m.type ? "ALTER TYPE " : "ALTER TABLE ") + display(m.object) + " SET SCHEMA";
            s.up.push_back(SqlOp{stmt.sql});
            const bool known =
                m.type ? before.enum_type(m.object) != nullptr : before.table(m.object) != nullptr;
            if (!known) return irreversible(s, display(m.object) + " is unknown here", o);
            s.down.push_back(SqlOp{std::string(m.type ? "ALTER TYPE " : "ALTER TABLE ") +
                                   qualified(QName{m.to, m.object.name}) + " SET SCHEMA " +
                                   quote_ident(canonical(m.object).schema)});
          },
          [&](const CreateIndex& c) { plan_create_index(c, stmt, before, s); },
          [&](const Drop& d) { plan_drop(d, stmt, before, s, o); },
          [&](const CreateEnum& c) {
            s.summary = "CREATE TYPE " + display(c.type.name);
            s.translation = "sql";
            s.up.push_back(SqlOp{stmt.sql});
            s.down.push_back(SqlOp{"DROP TYPE " + sql_table(c.type.name)});
          },
          [&](const AlterEnumAddValue& a) {
            s.summary = "ALTER TYPE " + display(a.type) + " ADD VALUE " + a.value;
            s.translation = "sql";
            s.up.push_back(SqlOp{stmt.sql});
            const EnumType* e = before.enum_type(a.type);
            if (e == nullptr) return irreversible(s, "type " + display(a.type) + " is unknown here", o);
            if (mentions(e->labels, a.value)) return;
            rebuild_enum(*e, before, s.down);
          },
          [&](const AlterEnumRenameValue& r) {
            s.summary = "ALTER TYPE " + display(r.type) + " RENAME VALUE";
            s.translation = "sql";
            s.up.push_back(SqlOp{stmt.sql});
            s.down.push_back(SqlOp{"ALTER TYPE " + sql_table(r.type) + " RENAME VALUE " +
                                   quote_literal(r.to) + " TO " + quote_literal(r.from)});
          },
          [&](const AlterSequence& a) { plan_alter_sequence(a, stmt, before, s, o); },
          [&](const CreateObject& c) { plan_create_object(c, stmt, before, s); },
          [&](const Comment& c) {
            s.summary = "COMMENT ON " + comment_target(c);
            s.translation = "sql";
            s.up.push_back(SqlOp{stmt.sql});
            s.down.push_back(SqlOp{sql_comment(comment_target(c), previous_comment(c, before))});
          },
          [&](const CreateTempTable& t) {
            s.summary = "CREATE TEMP TABLE " + t.name;
            s.translation = "sql";
            s.up.push_back(SqlOp{stmt.sql});
            s.down.push_back(SqlOp{"DROP TABLE IF EXISTS pg_temp." + quote_ident(t.name)});
            if (t.changes_data) {
              s.data_change = true;
              mark(s, Reversibility::kLossy, "its WITH clause changes data, which down() cannot restore");
            }
          },
          [&](const DoBlock& d) {
            // Up: the block as written. Down: the downs of the statements it ran, in reverse.
            s.summary = "DO block";
            s.translation = "sql";
            s.up.push_back(SqlOp{stmt.sql});
            Schema scratch = before;
            Diagnostics ignored;
            std::vector<std::vector<Op>> downs;
            for (const DoPart& part : d.parts) {
              DoBlock one;
              one.parts.push_back(part);
              Schema probe = scratch;
              if (run_do_block(one, probe, ignored).empty()) continue;  // did not run, or undone
              for (const Statement& st : *part.statements) {
                Step sub = plan(st, scratch, o);
                mark(s, sub.reversibility, sub.note);
                s.data_change = s.data_change || sub.data_change;
                downs.push_back(std::move(sub.down));
                apply(st, scratch, ignored);
              }
            }
            for (auto it = downs.rbegin(); it != downs.rend(); ++it) {
              for (Op& op : *it) s.down.push_back(std::move(op));
            }
          },
          [&](const DataChange& d) {
            s.summary = d.what;
            s.translation = "sql";
            s.up.push_back(SqlOp{stmt.sql});
            if (d.target && before.is_temp(*d.target)) {
              s.summary += " INTO temporary table " + d.target->name;
              s.note = "writes only a temporary table (session state)";
              return;
            }
            s.data_change = true;
            if (d.inserted) {
              if (auto del = delete_inserted(*d.inserted, before)) {
                s.summary += " INTO " + display(d.inserted->table);
                s.down.push_back(SqlOp{*del});
                s.note = "the inserted rows are deleted by primary key";
                return;
              }
            }
            mark(s, Reversibility::kLossy, d.what + " changes data, which down() cannot restore");
            if (o.strict_down) {
              s.down.push_back(ThrowOp{"migration " + o.migration + " cannot be undone: it changes data (" +
                                       d.what + ")"});
            } else {
              s.down.push_back(
                  NoteOp{"Lossy: the " + d.what + " of up() changed data; down() cannot restore it."});
            }
          },
          [&](const NoSchemaEffect& n) {
            s.summary = n.what;
            s.translation = "sql";
            s.up.push_back(SqlOp{stmt.sql});
          },
          [&](const TransactionControl& t) {
            s.summary = t.begin ? "BEGIN" : "COMMIT";
            s.translation = "segment";
            s.transaction_marker = true;
            s.begins_transaction = t.begin;
          },
          [&](const Unsupported& u) {
            s.summary = u.what;
            s.translation = "reported";
            s.up.push_back(SqlOp{stmt.sql});
            irreversible(s, u.what + " is passed through as SQL but not modelled", o);
          },
      },
      stmt.kind);
  return s;
}

}  // namespace p2s
