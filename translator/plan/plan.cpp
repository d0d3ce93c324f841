// The planner's dispatch: one function per statement family (plan_table.cpp, plan_object.cpp).
// Every down is computed from the schema as it was before the statement; what cannot be undone is
// marked, never skipped.
#include "plan/plan.h"

#include <algorithm>

#include "base/overloaded.h"
#include "model/depend.h"
#include "plan/plan_deferred.h"
#include "plan/plan_key_order.h"
#include "plan/plan_steps.h"
#include "plan/plan_util.h"
#include "replay/replay.h"
#include "replay/replay_do.h"

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
      if (const Constraint* k = b.index_constraint(c.object)) return k->index_comment;
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

// down() of a COMMENT ON: the comment before it. An extension's own comment (its control file's,
// which CREATE EXTENSION set) is read back from pg_available_extensions where down() runs.
std::string down_comment_sql(const Comment& c, const Schema& before) {
  if (c.target == CommentTarget::kObject && c.object_kind == ObjectKind::kExtension) {
    const TextObject* o = before.object(ObjectKind::kExtension, c.object_key);
    if (o != nullptr && o->control_comment) {
      const std::string name = quote_literal(o->key);
      return "DO $p2s$ BEGIN EXECUTE format('COMMENT ON EXTENSION %I IS %L', " + name +
             ", (SELECT comment FROM pg_available_extensions WHERE name = " + name + ")); END $p2s$";
    }
  }
  return sql_comment(comment_target(c), previous_comment(c, before));
}

// The keys that identify a row: the primary key, then each UNIQUE constraint and each unique index
// on plain columns without WHERE, as current column names.
std::vector<std::vector<std::string>> row_keys(const Table& t, const Schema& before) {
  std::vector<std::vector<std::string>> out;
  auto current = [&out](const std::vector<std::string>& keys, const ColumnMap& renames) {
    if (!keys.empty()) out.push_back(current_names(keys, renames));
  };
  for (const Constraint& k : t.constraints) {
    if (k.kind == ConstraintKind::kPrimaryKey) current(k.keys, k.renames);
  }
  for (const Constraint& k : t.constraints) {
    if (k.kind == ConstraintKind::kUnique) current(k.keys, k.renames);
  }
  for (const Index* i : before.indexes_of(t.name)) {
    if (i->unique) current(i->keys, i->renames);
  }
  return out;
}

// Rows that a NO ACTION / RESTRICT foreign key of another table still references cannot be deleted:
// the rows that reference them were inserted after them, by a step whose down() could not remove
// them (a lossy one). Keeping those rows keeps the down() from failing.
std::string unreferenced(const Table& t, const Schema& before) {
  std::string out;
  for (const Table& u : before.tables) {
    if (same_name(u.name, t.name)) continue;  // one DELETE removes rows that reference each other
    for (const Constraint& k : u.constraints) {
      if (k.kind != ConstraintKind::kForeignKey || !same_name(k.ref_table, t.name) ||
          (k.on_delete != 'a' && k.on_delete != 'r')) {
        continue;
      }
      const std::vector<std::string> own = key_columns(k);
      const std::vector<std::string> ref = referenced_columns(before, k);
      if (own.empty() || own.size() != ref.size()) continue;
      std::string match;
      for (size_t i = 0; i < own.size(); ++i) {
        match += (match.empty() ? "" : " AND ") +
                 as_referenced("\"ref\"." + col(own[i]), before, u.name, own[i], t.name, ref[i]) +
                 " = \"row\"." + col(ref[i]);
      }
      out += " AND NOT EXISTS (SELECT 1 FROM " + sql_table(u.name) + " AS \"ref\" WHERE " + match + ")";
    }
  }
  return out;
}

// A column the INSERT leaves to a default that draws from a sequence (serial, identity, nextval), or
// fills with an expression that may: deleting the rows does not give the numbers back, so the same
// INSERT run again after down() numbers its rows differently (PostgreSQL never rewinds a sequence by
// itself, and rewinding it under rows the application wrote since would break their next insert).
std::optional<std::string> draws_from_sequence(const InsertedRows& ins, const Table& t) {
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const Column& c = t.columns[i];
    const bool numbered = c.serial || c.identity != 0 ||
                          (c.default_sql && c.default_sql->find("nextval(") != std::string::npos);
    if (!numbered) continue;
    size_t at = i;
    if (!ins.columns.empty()) {
      auto it = std::find(ins.columns.begin(), ins.columns.end(), c.name);
      if (it == ins.columns.end()) return c.name;
      at = static_cast<size_t>(it - ins.columns.begin());
    }
    for (const std::vector<std::string>& row : ins.rows) {
      if (at >= row.size() || row[at].empty()) return c.name;
    }
  }
  return std::nullopt;
}

// DELETE FROM t WHERE (key...) IN ((v...), ...) for rows inserted with constant, non-NULL values
// for one key that identifies rows (the other values may be anything: now(), ...). Without ON
// CONFLICT every such row is new, so exactly the inserted rows go.
std::optional<std::pair<std::string, std::string>> delete_inserted(const InsertedRows& ins,
                                                                   const Schema& before) {
  const Table* t = before.table(ins.table);
  if (t == nullptr || ins.rows.empty()) return std::nullopt;
  std::vector<std::string> columns = ins.columns;
  if (columns.empty()) {
    for (const Column& c : t->columns) columns.push_back(c.name);
    columns.resize(std::min(columns.size(), ins.rows.front().size()));  // VALUES may stop early
  }
  for (const std::vector<std::string>& key : row_keys(*t, before)) {
    std::vector<size_t> positions;
    std::string names;
    for (const std::string& name : key) {
      auto it = std::find(columns.begin(), columns.end(), name);
      if (it == columns.end()) break;
      positions.push_back(static_cast<size_t>(it - columns.begin()));
      names += (names.empty() ? "" : ", ") + col(name);
    }
    if (positions.size() != key.size()) continue;
    std::string tuples;
    bool identified = true;
    for (const std::vector<std::string>& row : ins.rows) {
      if (row.size() != columns.size()) return std::nullopt;
      std::string tuple;
      for (size_t p : positions) {
        identified = identified && !row[p].empty() && row[p] != "NULL";  // a constant that identifies
        tuple += (tuple.empty() ? "" : ", ") + row[p];
      }
      tuples += (tuples.empty() ? "(" : ", (") + tuple + ")";
    }
    if (!identified) continue;
    const std::string guard = unreferenced(*t, before);
    return std::pair{"DELETE FROM " + sql_table(ins.table) + (guard.empty() ? "" : " AS \"row\"") +
                         " WHERE (" + names + ") IN (" + tuples + ")" + guard,
                     names};
  }
  return std::nullopt;
}

bool changes_rows(const Statement& st) {
  return std::visit(Overloaded{
                        [](const DataChange&) { return true; },
                        [](const Unsupported&) { return true; },
                        [](const CreateTempTable& t) { return t.changes_data; },
                        [](const DoBlock& d) {
                          return std::any_of(d.parts.begin(), d.parts.end(), [](const DoPart& part) {
                            return std::any_of(part.statements->begin(), part.statements->end(),
                                               changes_rows);
                          });
                        },
                        [](const Drop& d) { return d.kind == DropKind::kSchema && d.cascade; },
                        [](const AlterTable& a) {
                          return std::any_of(a.cmds.begin(), a.cmds.end(), [](const AlterCmd& cmd) {
                            const auto* type = std::get_if<AlterColumnType>(&cmd);
                            return type != nullptr && type->using_kind != UsingKind::kNone &&
                                   type->using_kind != UsingKind::kPlainCast;
                          });
                        },
                        [](const auto&) { return false; },
                    },
                    st.kind);
}

// The table a data change writes: an INSERT's, or the one an UPDATE or DELETE names.
std::optional<QName> written_table(const DataChange& d) {
  return d.inserted ? std::optional<QName>(d.inserted->table) : d.target;
}

// Whether a write to `target` can reach further than the table: a trigger on it that fires on the
// write's event, a foreign key that cascades from it (UPDATE and DELETE; UPDATE: only one on a
// column the SET assigns), or an earlier statement the model does not follow (a rule could).
bool reaches_beyond(const QName& target, const DataChange& d, const Schema& before, const PlanOptions& o) {
  if (o.model_incomplete) return true;
  const int event = d.what == "INSERT"   ? kTriggerOnInsert
                    : d.what == "DELETE" ? kTriggerOnDelete
                                         : kTriggerOnUpdate;
  for (const TextObject& obj : before.objects) {
    if (obj.kind == ObjectKind::kTrigger && (obj.trigger_events == 0 || (obj.trigger_events & event) != 0) &&
        on_table(obj, target))
      return true;
  }
  if (d.what == "INSERT") return false;  // an INSERT cascades nowhere
  const bool update = d.what == "UPDATE";
  for (const Table& t : before.tables) {
    for (const Constraint& c : t.constraints) {
      if (c.kind != ConstraintKind::kForeignKey || !same_name(c.ref_table, target)) continue;
      const char action = update ? c.on_update : c.on_delete;
      if (action == 'a' || action == 'r') continue;
      if (!update || d.set_columns.empty()) return true;
      for (const std::string& column : d.set_columns) {
        if (std::find(c.ref_columns.begin(), c.ref_columns.end(), column) != c.ref_columns.end()) return true;
      }
    }
  }
  return false;
}

bool created_here(const QName& table, const PlanOptions& o) {
  return std::any_of(o.created_tables.begin(), o.created_tables.end(),
                     [&](const QName& n) { return same_name(n, table); });
}

// A write whose whole effect the down() of this migration removes with what it drops: it writes a
// table this migration created, or (UPDATE) only columns this migration added to an older table,
// and reaches no further. The note, or nothing.
std::optional<std::string> undone_by_drop(const DataChange& d, const Schema& before, const PlanOptions& o) {
  if (d.what != "INSERT" && d.what != "UPDATE" && d.what != "DELETE") return std::nullopt;
  const std::optional<QName> target = written_table(d);
  if (!target || before.table(*target) == nullptr || reaches_beyond(*target, d, before, o))
    return std::nullopt;
  if (created_here(*target, o))
    return "the rows go with the table this migration created, which down() drops";
  if (d.what != "UPDATE" || d.set_columns.empty()) return std::nullopt;
  for (const std::string& column : d.set_columns) {
    if (std::none_of(o.added_columns.begin(), o.added_columns.end(), [&](const auto& added) {
          return same_name(added.first, *target) && added.second == column;
        }))
      return std::nullopt;
  }
  return "it writes only columns this migration added, which down() drops";
}

void add_drops(const Statement& st, LaterChanges& later) {
  if (const auto* d = std::get_if<Drop>(&st.kind); d != nullptr && d->kind == DropKind::kTable) {
    for (const QName& n : d->names) later.dropped_tables.push_back(n);
  } else if (const auto* a = std::get_if<AlterTable>(&st.kind)) {
    for (const AlterCmd& cmd : a->cmds) {
      if (const auto* c = std::get_if<DropColumn>(&cmd))
        later.dropped_columns.emplace_back(a->table, c->name);
    }
  } else if (const auto* block = std::get_if<DoBlock>(&st.kind)) {
    for (const DoPart& part : block->parts) {
      for (const Statement& inner : *part.statements) add_drops(inner, later);
    }
  }
}

}  // namespace

LaterChanges file_changes(const std::vector<Statement>& stmts, const LaterChanges* after) {
  LaterChanges later;
  later.rows = after != nullptr && after->rows;
  later.after = after;
  for (const Statement& st : stmts) {
    later.rows = later.rows || changes_rows(st);
    add_drops(st, later);
  }
  return later;
}

std::vector<LaterChanges> later_changes(const std::vector<Statement>& stmts, const LaterChanges* after) {
  std::vector<LaterChanges> out(stmts.size());
  LaterChanges later;
  later.rows = after != nullptr && after->rows;
  later.after = after;
  for (size_t i = stmts.size(); i-- > 0;) {
    later.rows = later.rows || changes_rows(stmts[i]);
    add_drops(stmts[i], later);
    out[i] = later;
  }
  return out;
}

Step plan(const Statement& written, const Schema& before, const PlanOptions& o) {
  const std::optional<Statement> named = with_chosen_names(written, before);  // as replay names them
  const Statement& stmt = named ? *named : written;
  Step s;
  s.loc = stmt.loc;
  s.outside_transaction = stmt.outside_transaction;
  s.deferred = deferred_before(written, before);
  s.key_order = key_order_before(stmt, before);
  std::visit(Overloaded{
                 [&](const CreateTable& c) { plan_create_table(c, stmt, before, s); },
                 [&](const AlterTable& a) { plan_alter_table(a, stmt, before, s, o); },
                 [&](const Rename& r) { plan_rename(r, stmt, before, s); },
                 [&](const SetSchema& m) { plan_set_schema(m, stmt, before, s, o); },
                 [&](const AlterOwner& a) { plan_alter_owner(a, stmt, before, s, o); },
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
                   if (e == nullptr)
                     return irreversible(s, "type " + display(a.type) + " is unknown here", o);
                   if (mentions(e->labels, a.value)) return;
                   // Rows can hold the value only through a data statement run after this one, whose own
                   // step says whether its down() restores them: this one stays exact.
                   rebuild_enum(*e, a.value, before, s.down, s);
                 },
                 [&](const AlterEnumRenameValue& r) {
                   s.summary = "ALTER TYPE " + display(r.type) + " RENAME VALUE";
                   s.translation = "sql";
                   s.up.push_back(SqlOp{stmt.sql});
                   s.down.push_back(SqlOp{"ALTER TYPE " + sql_table(r.type) + " RENAME VALUE " +
                                          quote_literal(r.to) + " TO " + quote_literal(r.from)});
                 },
                 [&](const AlterSequence& a) { plan_alter_sequence(a, stmt, before, s, o); },
                 [&](const AlterFunction& a) { plan_alter_function(a, stmt, before, s, o); },
                 [&](const SetRelationOptions& r) { plan_set_relation_options(r, stmt, before, s, o); },
                 [&](const CreateObject& c) { plan_create_object(c, stmt, before, s); },
                 [&](const Comment& c) {
                   s.summary = "COMMENT ON " + comment_target(c);
                   s.translation = "sql";
                   s.up.push_back(SqlOp{stmt.sql});
                   s.down.push_back(SqlOp{down_comment_sql(c, before)});
                 },
                 [&](const Grant& g) { plan_grant(g, stmt, before, s, o); },
                 [&](const CreateTempTable& t) {
                   s.summary = "CREATE TEMP TABLE " + t.name;
                   s.translation = "sql";
                   s.up.push_back(SqlOp{stmt.sql});
                   s.down.push_back(SqlOp{"DROP TABLE IF EXISTS pg_temp." + quote_ident(t.name)});
                   if (t.changes_data) {
                     s.data_change = true;
                     mark(s, Reversibility::kLossy,
                          "its WITH clause changes data, which down() cannot restore");
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
                   DoBlockRun run(d);
                   for (size_t i = 0; i < d.parts.size(); ++i) {
                     const DoPart& part = d.parts[i];
                     if (!run.applies(i, scratch) || !part_succeeds(part, scratch))
                       continue;  // not run, or undone
                     for (const Statement& st : *part.statements) {
                       Step sub = plan(st, scratch, o);
                       apply(st, scratch, ignored);
                       restore_key_order(sub, scratch);
                       mark(s, sub.reversibility, sub.note);
                       s.data_change = s.data_change || sub.data_change;
                       downs.push_back(std::move(sub.down));
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
                   if (plan_refresh(d, before, s)) return;  // it only populated the view: undone exactly
                   if (d.target && before.is_temp(*d.target)) {
                     s.summary += " INTO temporary table " + d.target->name;
                     s.note = "writes only a temporary table (session state)";
                     return;
                   }
                   s.data_change = true;
                   if (auto note = undone_by_drop(d, before, o)) {
                     s.summary += (d.what == "INSERT" ? " INTO " : " ") + display(*written_table(d));
                     s.note = std::move(*note);
                     return;
                   }
                   if (d.inserted) {
                     if (auto del = delete_inserted(*d.inserted, before)) {
                       s.summary += " INTO " + display(d.inserted->table);
                       s.down.push_back(SqlOp{del->first});
                       s.note = "the inserted rows are deleted by key (" + del->second + ")";
                       if (const Table* t = before.table(d.inserted->table)) {
                         if (auto numbered = draws_from_sequence(*d.inserted, *t)) {
                           mark(s, Reversibility::kLossy,
                                "the sequence that numbers column " + *numbered +
                                    " is not set back: run again, up() numbers the rows differently");
                         }
                       }
                       return;
                     }
                   }
                   mark(s, Reversibility::kLossy, d.what + " changes data, which down() cannot restore");
                   if (o.strict_down) {
                     s.down.push_back(ThrowOp{"migration " + o.migration +
                                              " cannot be undone: it changes data (" + d.what + ")"});
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

void complete_step(Step& s, const Schema& after) {
  restore_key_order(s, after);
  deferred_after(s, after);
}

}  // namespace p2s
