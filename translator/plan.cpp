// The planner's dispatch: one function per statement family. Every down is computed from the
// schema as it was before the statement; what cannot be undone is marked, never skipped.
#include "plan.h"

#include <algorithm>

#include "lower_object.h"
#include "overloaded.h"
#include "plan_util.h"
#include "replay.h"

namespace p2s {
namespace {

void mark(Step& s, Reversibility r, const std::string& note) {
  if (r > s.reversibility) s.reversibility = r;
  if (!note.empty()) s.note += (s.note.empty() ? "" : "; ") + note;
}

void irreversible(Step& s, const std::string& why, const PlanOptions& o) {
  mark(s, Reversibility::kIrreversible, why);
  if (o.strict_down) {
    s.down.push_back(ThrowOp{"migration " + o.migration + " cannot be undone: " + why});
  } else {
    s.down.push_back(NoteOp{"Irreversible: " + why + "."});
  }
}

std::string alter(const QName& t) {
  return "ALTER TABLE " + sql_table(t) + " ";
}
std::string col(const std::string& c) {
  return quote_ident(c);
}

// The schema the enum's columns use it in (element type or array).
std::string enum_cast(const TypeRef& t, const std::string& column) {
  std::string text = "text";
  for (int i = 0; i < t.array_dims; ++i) text += "[]";
  return col(column) + "::" + text + "::" + sql_type_name(t);
}

// A value of the column's type for rows that exist when a NOT NULL column is re-added.
std::optional<std::string> placeholder_value(const TypeRef& t, const Schema& before) {
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

// ---- tables -------------------------------------------------------------------------------------

void plan_create_table(const CreateTable& c, const Statement& stmt, const Schema& before, Step& s) {
  s.summary = "CREATE TABLE " + display(c.name);
  if (before.table(c.name) != nullptr && c.if_not_exists) {
    s.up.push_back(SqlOp{stmt.sql});
    s.translation = "sql";
    mark(s, Reversibility::kExact, "table existed: nothing to undo");
    return;
  }
  Table t;
  t.name = c.name;
  t.columns = c.columns;
  std::vector<NativeColumn> columns;
  // Constraints other than plain keys keep the statement's own SQL: re-rendering is exact only
  // as far as libpg_query's deparser is.
  bool native = native_table(c.name) && !c.if_not_exists && !c.unlogged && c.partition_by.empty() &&
                std::all_of(c.constraints.begin(), c.constraints.end(), [&](const Constraint& k) {
                  return std::holds_alternative<AddConstraintOp>(add_constraint_op(c.name, k));
                });
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
    for (const Constraint& k : c.constraints) s.up.push_back(add_constraint_op(c.name, k));
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

// Re-adding a NOT NULL column without a default fails on a table with rows: add it with a
// placeholder default that fills those rows, then drop the default again.
// (Not for a column under a unique key: one placeholder in several rows would break it.)
void readd_column(const QName& table, const Column& c, bool unique, const Schema& before,
                  std::vector<Op>& down, Step& s) {
  const std::optional<std::string> fill =
      c.not_null && !c.default_sql && !c.serial && !c.identity && !c.is_generated() && !unique
          ? placeholder_value(c.type, before)
          : std::nullopt;
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

// Undo for one ALTER TABLE command, computed against `before` (the state just before the command).
void plan_cmd(const AlterCmd& cmd, const QName& table, const Schema& before, std::vector<Op>& up_native,
              bool& all_native, std::vector<Op>& down, Step& s, const PlanOptions& o) {
  const Table* t = before.table(table);
  if (t == nullptr) return;
  std::visit(
      Overloaded{
          [&](const AddColumn& a) {
            if (t->column(a.column.name) != nullptr) return;  // IF NOT EXISTS on an existing column
            auto n = native_column(a.column);
            const bool plain =
                std::all_of(a.constraints.begin(), a.constraints.end(), [&](const Constraint& k) {
                  return std::holds_alternative<AddConstraintOp>(add_constraint_op(table, k));
                });
            if (n && plain && native_table(table)) {
              up_native.push_back(AddColumnOp{table.name, *n});
              for (const auto& k : a.constraints) up_native.push_back(add_constraint_op(table, k));
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
            if (native_table(table) && native_name(d.name)) {
              up_native.push_back(RemoveColumnOp{table.name, d.name});
            } else {
              all_native = false;
            }
            mark(s, Reversibility::kLossy, "the values of dropped column " + d.name + " are not restored");
            bool unique = false;
            for (const Constraint& k : t->constraints) {
              unique =
                  unique || ((k.kind == ConstraintKind::kPrimaryKey || k.kind == ConstraintKind::kUnique ||
                              k.kind == ConstraintKind::kExclusion) &&
                             mentions(k.columns, d.name));
            }
            for (const Index* i : before.indexes_of(table))
              unique = unique || (i->unique && mentions(i->columns, d.name));
            readd_column(table, *c, unique, before, down, s);
            restore_comments_of_column(table, *c, down);
            for (const Constraint& k : t->constraints) {
              if (mentions(k.columns, d.name)) down.push_back(add_constraint_op(table, k));
            }
            for (const Index* i : before.indexes_of(table)) {
              if (mentions(i->columns, d.name)) down.push_back(SqlOp{sql_create_index(*i)});
            }
          },
          [&](const AlterColumnType& a) {
            all_native = false;
            const Column* c = t->column(a.column);
            if (c == nullptr) return;
            TypeRef old = c->type;
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
            sql += " USING " +
                   (enum_involved ? enum_cast(old, a.column) : col(a.column) + "::" + sql_type_name(old));
            down.push_back(SqlOp{sql});
            if (c->default_sql)
              down.push_back(
                  SqlOp{alter(table) + "ALTER COLUMN " + col(a.column) + " SET DEFAULT " + *c->default_sql});
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
            down.push_back(SqlOp{alter(table) + "ALTER COLUMN " + col(n.column) +
                                 (c->not_null ? " SET NOT NULL" : " DROP NOT NULL")});
          },
          [&](const AddConstraint& a) {
            Op op = add_constraint_op(table, a.constraint);
            if (std::holds_alternative<SqlOp>(op)) all_native = false;
            up_native.push_back(std::move(op));
            down.push_back(drop_constraint_op(table, a.constraint.name));
          },
          [&](const DropConstraint& d) {
            const Constraint* k = nullptr;
            for (const Constraint& x : t->constraints) {
              if (x.name == d.name) k = &x;
            }
            if (k == nullptr) return;
            up_native.push_back(drop_constraint_op(table, d.name));
            down.push_back(add_constraint_op(table, *k));
            if (k->comment)
              down.push_back(SqlOp{
                  sql_comment("CONSTRAINT " + quote_ident(k->name) + " ON " + sql_table(table), k->comment)});
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
            down.push_back(SqlOp{sql_add_constraint(table, *k)});
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
          [&](const UnsupportedCmd& u) {
            all_native = false;
            irreversible(s, u.what + " is not modelled", o);
          },
      },
      cmd);
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
  Schema scratch = before;
  Diagnostics ignored;
  std::vector<Op> up_native;
  std::vector<std::vector<Op>> downs;
  bool all_native = true;
  for (const AlterCmd& cmd : a.cmds) {
    std::vector<Op> down;
    plan_cmd(cmd, a.table, scratch, up_native, all_native, down, s, o);
    downs.push_back(std::move(down));
    apply_cmd(cmd, a.table, scratch, stmt.loc, ignored);
  }
  if (all_native && !up_native.empty()) {
    s.translation = "native";
    s.up = std::move(up_native);
  } else {
    s.translation = "sql";
    s.up.push_back(SqlOp{stmt.sql});
  }
  for (auto it = downs.rbegin(); it != downs.rend(); ++it) {
    for (Op& op : *it) s.down.push_back(std::move(op));
  }
}

// ---- renames ------------------------------------------------------------------------------------

void plan_rename(const Rename& r, const Statement& stmt, const Schema& before, Step& s,
                 const PlanOptions& o) {
  const QName to{canonical(r.object).schema, r.to};
  s.translation = "sql";
  if (r.if_exists && !rename_target_exists(r, before)) {
    s.summary = "RENAME IF EXISTS (nothing to rename)";
    s.up.push_back(SqlOp{stmt.sql});
    return;
  }
  switch (r.kind) {
    case RenameKind::kTable:
      s.summary = "RENAME TABLE " + display(r.object);
      if (native_table(r.object) && native_table(to) && !r.if_exists) {
        s.translation = "native";
        s.up.push_back(RenameTableOp{r.object.name, r.to});
        s.down.push_back(RenameTableOp{r.to, r.object.name});
        return;
      }
      s.down.push_back(SqlOp{alter(to) + "RENAME TO " + quote_ident(r.object.name)});
      break;
    case RenameKind::kColumn:
      s.summary = "RENAME COLUMN " + display(r.object) + "." + r.sub;
      if (native_table(r.object) && native_name(r.sub) && native_name(r.to) && !r.if_exists) {
        s.translation = "native";
        s.up.push_back(RenameColumnOp{r.object.name, r.sub, r.to});
        s.down.push_back(RenameColumnOp{r.object.name, r.to, r.sub});
        return;
      }
      s.down.push_back(SqlOp{alter(r.object) + "RENAME COLUMN " + col(r.to) + " TO " + col(r.sub)});
      break;
    case RenameKind::kIndex:
    case RenameKind::kType:
    case RenameKind::kView:
    case RenameKind::kMaterializedView:
    case RenameKind::kSequence: {
      const std::string what = r.kind == RenameKind::kIndex              ? "INDEX"
                               : r.kind == RenameKind::kType             ? "TYPE"
                               : r.kind == RenameKind::kView             ? "VIEW"
                               : r.kind == RenameKind::kMaterializedView ? "MATERIALIZED VIEW"
                                                                         : "SEQUENCE";
      s.summary = "RENAME " + what + " " + display(r.object);
      s.down.push_back(
          SqlOp{"ALTER " + what + " " + sql_table(to) + " RENAME TO " + quote_ident(r.object.name)});
      break;
    }
    case RenameKind::kConstraint:
      s.summary = "RENAME CONSTRAINT " + r.sub;
      s.down.push_back(SqlOp{alter(r.object) + "RENAME CONSTRAINT " + col(r.to) + " TO " + col(r.sub)});
      break;
  }
  (void)before;
  (void)o;
  s.up.push_back(SqlOp{stmt.sql});
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

// ---- drops --------------------------------------------------------------------------------------

void restore_object(const TextObject& obj, const Schema& before, std::vector<Op>& down) {
  down.push_back(SqlOp{object_create_sql(obj)});
  if (!obj.owner_table.name.empty()) {
    down.push_back(SqlOp{"ALTER SEQUENCE " + obj.key + " OWNED BY " + sql_table(obj.owner_table) + "." +
                         quote_ident(obj.owner_column)});
  }
  if (obj.kind == ObjectKind::kMaterializedView) {
    for (const Index* i : before.indexes_of(QName{"", ""})) (void)i;
    for (const Index& i : before.indexes) {
      if (qualified(canonical(i.table)) == obj.key) down.push_back(SqlOp{sql_create_index(i)});
    }
  }
  if (obj.comment && !obj.comment_target.empty())
    down.push_back(SqlOp{sql_comment(obj.comment_target, obj.comment)});
}

// After DROP SCHEMA ... CASCADE: its enums, sequences, functions, tables (with their indexes,
// constraints, triggers), the foreign keys into them, and its views, in dependency order.
void restore_schema_contents(const std::string& name, const Schema& before, std::vector<Op>& down) {
  auto inside = [&](const QName& q) { return canonical(q).schema == name; };
  const std::string prefix = quote_ident(name) + ".";
  for (const EnumType& e : before.enums) {
    if (inside(e.name)) down.push_back(SqlOp{sql_create_enum(e)});
  }
  for (ObjectKind kind : {ObjectKind::kSequence, ObjectKind::kFunction}) {
    for (const TextObject& o : before.objects) {
      if (o.kind == kind && o.owner_table.name.empty() && o.key.rfind(prefix, 0) == 0)
        restore_object(o, before, down);
    }
  }
  for (const Table& t : before.tables) {
    if (inside(t.name)) recreate_table(t, before, down);
  }
  for (const Table& t : before.tables) {
    if (inside(t.name)) continue;
    for (const Constraint& k : t.constraints) {
      if (k.kind == ConstraintKind::kForeignKey && inside(k.ref_table))
        down.push_back(add_constraint_op(t.name, k));
    }
  }
  for (ObjectKind kind : {ObjectKind::kView, ObjectKind::kMaterializedView}) {
    for (const TextObject& o : before.objects) {
      if (o.kind == kind && o.key.rfind(prefix, 0) == 0) restore_object(o, before, down);
    }
  }
}

void plan_drop(const Drop& d, const Statement& stmt, const Schema& before, Step& s, const PlanOptions& o) {
  s.translation = "sql";
  s.summary = "DROP";
  std::vector<std::vector<Op>> downs;
  for (size_t i = 0; i < d.names.size(); ++i) {
    const QName& n = d.names[i];
    std::vector<Op> down;
    switch (d.kind) {
      case DropKind::kTable: {
        s.summary = "DROP TABLE " + display(n);
        const Table* t = before.table(n);
        if (t == nullptr) {
          if (const TextObject* partition = before.object(ObjectKind::kOther, qualified(n)))
            restore_object(*partition, before, down);
          break;
        }
        recreate_table(*t, before, down);
        mark(s, Reversibility::kLossy, "the rows of dropped table " + display(n) + " are not restored");
        for (const Table& other : before.tables) {
          if (same_name(other.name, n)) continue;
          for (const Constraint& k : other.constraints) {
            if (k.kind == ConstraintKind::kForeignKey && same_name(k.ref_table, n)) {
              down.push_back(add_constraint_op(other.name, k));
            }
          }
        }
        if (d.names.size() == 1 && !d.cascade && !d.if_exists && native_table(n)) {
          s.up.push_back(DropTableOp{n.name});
          s.translation = "native";
        }
        break;
      }
      case DropKind::kIndex: {
        s.summary = "DROP INDEX " + display(n);
        const Index* idx = nullptr;
        for (const Index& x : before.indexes) {
          if (x.name == n.name && canonical(x.table).schema == canonical(n).schema) idx = &x;
        }
        if (idx == nullptr) break;
        down.push_back(SqlOp{sql_create_index(*idx)});
        if (idx->comment) down.push_back(SqlOp{sql_comment("INDEX " + sql_table(n), idx->comment)});
        if (d.names.size() == 1 && !d.cascade && !d.if_exists && !d.concurrent) {
          Op op = drop_index_op(idx->table, idx->name, false);
          if (std::holds_alternative<RemoveIndexOp>(op)) {
            s.up.push_back(op);
            s.translation = "native";
          }
        }
        break;
      }
      case DropKind::kType: {
        s.summary = "DROP TYPE " + display(n);
        const EnumType* e = nullptr;
        for (const EnumType& x : before.enums) {
          if (same_name(x.name, n)) e = &x;
        }
        if (e != nullptr) {
          down.push_back(SqlOp{sql_create_enum(*e)});
          if (e->comment) down.push_back(SqlOp{sql_comment("TYPE " + sql_table(e->name), e->comment)});
        } else if (const TextObject* obj = before.object(ObjectKind::kOther, d.keys[i])) {
          restore_object(*obj, before, down);
        }
        break;
      }
      case DropKind::kFunction: {
        s.summary = "DROP FUNCTION " + display(n);
        for (const TextObject& obj : before.objects) {
          if (function_matches(obj, d.keys[i])) restore_object(obj, before, down);
        }
        break;
      }
      case DropKind::kView:
      case DropKind::kMaterializedView:
      case DropKind::kTrigger:
      case DropKind::kExtension:
      case DropKind::kSequence:
      case DropKind::kCollation:
      case DropKind::kSchema: {
        const ObjectKind kind = object_kind(d.kind);
        s.summary = "DROP " + d.keys[i];
        if (const TextObject* obj = before.object(kind, d.keys[i])) restore_object(*obj, before, down);
        if (kind == ObjectKind::kSchema && d.cascade) restore_schema_contents(d.keys[i], before, down);
        break;
      }
    }
    if (down.empty() && !d.if_exists)
      irreversible(s, "dropped object " + d.keys[i] + " is unknown to the model", o);
    downs.push_back(std::move(down));
  }
  if (s.up.empty()) s.up.push_back(SqlOp{stmt.sql});
  if (d.cascade)
    mark(s, Reversibility::kLossy, "DROP ... CASCADE: objects it removed beyond the model are not restored");
  for (auto it = downs.rbegin(); it != downs.rend(); ++it) {
    for (Op& op : *it) s.down.push_back(std::move(op));
  }
}

// ---- enums --------------------------------------------------------------------------------------

// ALTER TYPE ... ADD VALUE cannot be undone in place: rebuild the type without the value.
// PostgreSQL will not change the type of a column a view uses, and rebuilds the column's indexes
// from text that would name the old type: views that mention the tables (or the type) and indexes
// on the columns are dropped first and created again after.
void rebuild_enum(const EnumType& e, const Schema& before, std::vector<Op>& down) {
  const QName old{canonical(e.name).schema, e.name.name + "_p2s_old"};
  auto uses_enum = [&](const Column& c) {
    return c.type.is_user_type() && same_name(c.type.user_type, e.name);
  };
  std::vector<std::string> mentions_of{quote_ident(e.name.name)};
  std::vector<const Index*> indexes;
  for (const Table& t : before.tables) {
    bool used = false;
    for (const Column& c : t.columns) {
      if (!uses_enum(c)) continue;
      used = true;
      for (const Index* i : before.indexes_of(t.name)) {
        if (mentions(i->columns, c.name) && std::find(indexes.begin(), indexes.end(), i) == indexes.end()) {
          indexes.push_back(i);
        }
      }
    }
    if (used) mentions_of.push_back(quote_ident(t.name.name));
  }
  std::vector<const TextObject*> views;
  for (const TextObject& o : before.objects) {
    if (o.kind != ObjectKind::kView && o.kind != ObjectKind::kMaterializedView) continue;
    for (const std::string& m : mentions_of) {
      if (object_create_sql(o).find(m) != std::string::npos) {
        views.push_back(&o);
        break;
      }
    }
  }
  for (auto it = views.rbegin(); it != views.rend(); ++it) down.push_back(SqlOp{(*it)->drop_sql});
  for (const Index* i : indexes) down.push_back(drop_index_op(i->table, i->name, false));
  down.push_back(SqlOp{"ALTER TYPE " + sql_table(e.name) + " RENAME TO " + quote_ident(old.name)});
  down.push_back(SqlOp{sql_create_enum(e)});
  for (const Table& t : before.tables) {
    for (const Column& c : t.columns) {
      if (!uses_enum(c)) continue;
      if (c.default_sql)
        down.push_back(SqlOp{alter(t.name) + "ALTER COLUMN " + col(c.name) + " DROP DEFAULT"});
      down.push_back(SqlOp{alter(t.name) + "ALTER COLUMN " + col(c.name) + " TYPE " + sql_type_name(c.type) +
                           " USING " + enum_cast(c.type, c.name)});
      if (c.default_sql)
        down.push_back(
            SqlOp{alter(t.name) + "ALTER COLUMN " + col(c.name) + " SET DEFAULT " + *c.default_sql});
    }
  }
  down.push_back(SqlOp{"DROP TYPE " + sql_table(old)});
  if (e.comment) down.push_back(SqlOp{sql_comment("TYPE " + sql_table(e.name), e.comment)});
  for (const Index* i : indexes) {
    down.push_back(SqlOp{sql_create_index(*i)});
    if (i->comment) {
      down.push_back(
          SqlOp{sql_comment("INDEX " + sql_table(QName{canonical(i->table).schema, i->name}), i->comment)});
    }
  }
  for (const TextObject* v : views) restore_object(*v, before, down);
}

// ---- objects kept as text -----------------------------------------------------------------------

void plan_create_object(const CreateObject& c, const Statement& stmt, const Schema& before, Step& s) {
  s.translation = "sql";
  s.summary = "CREATE " + c.object.key;
  s.up.push_back(SqlOp{stmt.sql});
  const TextObject* existing = before.object(c.object.kind, c.object.key);
  if (existing == nullptr) {
    s.down.push_back(SqlOp{c.object.drop_sql});
    return;
  }
  if (c.if_not_exists || !c.or_replace) return;  // nothing changed (or PostgreSQL stops here)
  if (c.object.kind == ObjectKind::kView) {
    s.down.push_back(SqlOp{c.object.drop_sql});
    s.down.push_back(SqlOp{object_create_sql(*existing)});
    if (existing->comment) s.down.push_back(SqlOp{sql_comment(existing->comment_target, existing->comment)});
  } else {
    s.down.push_back(SqlOp{existing->create_sql});  // kept in its CREATE OR REPLACE form
  }
}

// ALTER SEQUENCE back to the previous clauses (or PostgreSQL's defaults where there were none).
void plan_alter_sequence(const AlterSequence& a, const Statement& stmt, const Schema& before, Step& s,
                         const PlanOptions& o) {
  s.translation = "sql";
  s.summary = "ALTER SEQUENCE " + display(a.name);
  s.up.push_back(SqlOp{stmt.sql});
  const TextObject* seq = before.object(ObjectKind::kSequence, qualified(a.name));
  if (seq == nullptr) {
    if (!a.if_exists) irreversible(s, "sequence " + display(a.name) + " is unknown here", o);
    return;
  }
  auto previous = [&](const std::string& name) -> std::optional<std::string> {
    for (const auto& [n, clause] : seq->seq_options) {
      if (n == name) return clause;
    }
    return std::nullopt;
  };
  std::string clauses;
  for (const auto& [name, clause] : a.options) {
    std::string back;
    if (auto p = previous(name)) {
      back = *p;
    } else if (name == "start") {
      auto min = previous("minvalue");
      back = min && min->rfind("MINVALUE ", 0) == 0 ? "START WITH " + min->substr(9) : "START WITH 1";
    } else {
      back = name == "increment"  ? "INCREMENT BY 1"
             : name == "minvalue" ? "NO MINVALUE"
             : name == "maxvalue" ? "NO MAXVALUE"
             : name == "cache"    ? "CACHE 1"
             : name == "cycle"    ? "NO CYCLE"
                                  : "AS bigint";
    }
    clauses += " " + back;
  }
  if (a.owner_table) {
    clauses += seq->owner_table.name.empty()
                   ? std::string(" OWNED BY NONE")
                   : " OWNED BY " + sql_table(seq->owner_table) + "." + quote_ident(seq->owner_column);
  }
  if (!clauses.empty()) s.down.push_back(SqlOp{"ALTER SEQUENCE " + seq->key + clauses});
  if (a.restart) mark(s, Reversibility::kLossy, "the sequence's position (RESTART) is not restored");
}

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

// DELETE FROM t WHERE (pk...) IN ((v...), ...) for rows inserted with constant values, when the
// primary key is among the inserted columns.
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
    for (size_t p : positions) tuple += (tuple.empty() ? "" : ", ") + ins.rows[r][p];
    sql += (r ? ", (" : "(") + tuple + ")";
  }
  return sql + ")";
}

}  // namespace

Step plan(const Statement& stmt, const Schema& before, const PlanOptions& o) {
  Step s;
  s.loc = stmt.loc;
  s.outside_transaction = stmt.outside_transaction;
  std::visit(Overloaded{
                 [&](const CreateTable& c) { plan_create_table(c, stmt, before, s); },
                 [&](const AlterTable& a) { plan_alter_table(a, stmt, before, s, o); },
                 [&](const Rename& r) { plan_rename(r, stmt, before, s, o); },
                 [&](const SetSchema& m) {
                   s.translation = "sql";
                   s.summary = std::string(m.type ? "ALTER TYPE " : "ALTER TABLE ") + display(m.object) +
                               " SET SCHEMA";
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
                   if (e == nullptr)
                     return irreversible(s, "type " + display(a.type) + " is unknown here", o);
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
                 [&](const DataChange& d) {
                   s.summary = d.what;
                   s.data_change = true;
                   s.translation = "sql";
                   s.up.push_back(SqlOp{stmt.sql});
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

}  // namespace p2s
