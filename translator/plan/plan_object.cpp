// Planning renames, DROP of every kind, enum value additions, and objects kept as text (views,
// functions, triggers, sequences, ...): down() restores what the model had.
#include <algorithm>

#include "base/overloaded.h"
#include "lower/lower_object.h"
#include "model/key_order.h"
#include "plan/plan_key_order.h"
#include "plan/plan_steps.h"
#include "plan/plan_util.h"
#include "replay/replay.h"
#include "replay/replay_grant.h"
#include "replay/replay_owner.h"

namespace p2s {

// ---- renames ------------------------------------------------------------------------------------

// The ALTER word of an object a rename or a SET SCHEMA names.
static std::string alter_word(RenameKind kind) {
  switch (kind) {
    case RenameKind::kIndex:
      return "INDEX";
    case RenameKind::kType:
      return "TYPE";
    case RenameKind::kView:
      return "VIEW";
    case RenameKind::kMaterializedView:
      return "MATERIALIZED VIEW";
    case RenameKind::kSequence:
      return "SEQUENCE";
    default:
      return "TABLE";
  }
}

void plan_rename(const Rename& r, const Statement& stmt, const Schema& before, Step& s) {
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
      const std::string what = alter_word(r.kind);
      s.summary = "RENAME " + what + " " + display(r.object);
      s.down.push_back(
          SqlOp{"ALTER " + what + " " + sql_table(to) + " RENAME TO " + quote_ident(r.object.name)});
      break;
    }
    case RenameKind::kTrigger:
      s.summary = "RENAME TRIGGER " + r.sub;
      s.down.push_back(SqlOp{"ALTER TRIGGER " + quote_ident(r.to) + " ON " + sql_table(r.object) +
                             " RENAME TO " + quote_ident(r.sub)});
      break;
    case RenameKind::kConstraint:
      s.summary = "RENAME CONSTRAINT " + r.sub;
      s.down.push_back(SqlOp{alter(r.object) + "RENAME CONSTRAINT " + col(r.to) + " TO " + col(r.sub)});
      break;
  }
  s.up.push_back(SqlOp{stmt.sql});
}

// ALTER ... SET SCHEMA: down() moves the object back to the schema it was in.
void plan_set_schema(const SetSchema& m, const Statement& stmt, const Schema& before, Step& s,
                     const PlanOptions& o) {
  const std::string what = alter_word(m.kind);
  s.translation = "sql";
  s.summary = "ALTER " + what + " " + display(m.object) + " SET SCHEMA";
  s.up.push_back(SqlOp{stmt.sql});
  Rename moved;  // the object is looked up as a rename of it would be
  moved.kind = m.kind;
  moved.object = m.object;
  if (!rename_target_exists(moved, before)) return irreversible(s, display(m.object) + " is unknown here", o);
  s.down.push_back(SqlOp{"ALTER " + what + " " + qualified(QName{m.to, m.object.name}) + " SET SCHEMA " +
                         quote_ident(canonical(m.object).schema)});
}

void plan_alter_owner(const AlterOwner& a, const Statement& stmt, const Schema& before, Step& s,
                      const PlanOptions& o) {
  s.translation = "sql";
  s.up.push_back(SqlOp{stmt.sql});
  const OwnedObject owned = owned_object(a, before);
  const std::string named = a.kind == OwnedKind::kFunction ? a.key : display(a.name);
  s.summary = "ALTER " + (owned.target.empty() ? named : owned.target) + " OWNER TO " + a.role;
  if (owned.owner == nullptr) return irreversible(s, "the owner of " + named + " is not modelled", o);
  s.down.push_back(SqlOp{sql_owner(owned.target, *owned.owner)});
  // The privileges the new owner held before merged into its owner's (aclnewowner) and went with the
  // object back to the owner before: given again.
  const std::string name = role_name(a.role);
  if (name.empty() || owned.acl == nullptr || !*owned.acl) return;
  const auto held = (*owned.acl)->find(name);
  if (held == (*owned.acl)->end()) return;
  for (std::string& sql : sql_acl_change(owned.grant_target, "", Acl{}, Acl{*held}))
    s.down.push_back(SqlOp{std::move(sql)});
}

// An enum a down() created again: its comment, owner and privileges as they were.
static void restore_enum_extras(const EnumType& e, std::vector<Op>& down) {
  const std::string target = "TYPE " + sql_table(e.name);
  if (e.comment) down.push_back(SqlOp{sql_comment(target, e.comment)});
  if (!e.owner.empty()) down.push_back(SqlOp{sql_owner(target, e.owner)});
  for (std::string& sql : sql_restore_acl(target, e.acl, AclKind::kType))
    down.push_back(SqlOp{std::move(sql)});
}

// ---- drops --------------------------------------------------------------------------------------

static std::string refresh_sql(const TextObject& view, bool populate) {
  return "REFRESH MATERIALIZED VIEW " + view.key + (populate ? "" : " WITH NO DATA");
}

// REFRESH in a block: rows that break a unique index (or a value the query cannot compute now)
// leave the view unpopulated, with a warning that says why.
static std::string guarded_refresh_sql(const TextObject& view) {
  const std::string warning = "materialized view " + view.key + " left unpopulated: ";
  return "DO $p2s$ BEGIN " + refresh_sql(view, true) +
         "; EXCEPTION WHEN integrity_constraint_violation OR data_exception THEN RAISE WARNING '%', " +
         quote_literal(warning) + " || SQLERRM; END $p2s$";
}

bool plan_refresh(const DataChange& d, const Schema& before, Step& s) {
  const TextObject* view =
      d.target ? before.object(ObjectKind::kMaterializedView, qualified(*d.target)) : nullptr;
  if (view == nullptr || !d.refresh_populates) return false;
  s.summary += " " + display(view->name);
  if (view->populated != *d.refresh_populates) s.down.push_back(SqlOp{refresh_sql(*view, view->populated)});
  return !view->populated;
}

void restore_object(const TextObject& obj, const Schema& before, std::vector<Op>& down) {
  const UsingNames using_names = using_names_back(obj, before);
  for (const auto& rename : using_names.renames) down.push_back(SqlOp{rename.first});
  std::string create = object_create_sql(using_names.view, before);
  if (obj.kind == ObjectKind::kFunction && function_body_checked(obj.node)) {
    // PostgreSQL keeps a function's body as text: after a rename since, it can name what is no
    // longer there, which a LANGUAGE sql body's check at creation refuses. Created as pg_dump does.
    down.push_back(
        SqlOp{"SET check_function_bodies = off; " + create + "; RESET check_function_bodies", create});
  } else {
    down.push_back(SqlOp{std::move(create)});
  }
  for (auto it = using_names.renames.rbegin(); it != using_names.renames.rend(); ++it)
    down.push_back(SqlOp{it->second});
  for (const std::string& sql : obj.alters) down.push_back(SqlOp{sql});
  // A stale view's rows now may break its unique index: populated after its indexes, or left empty.
  const bool guarded = stale_refresh_guarded(obj, before);
  if (guarded && obj.created_populated) {
    down.push_back(SqlOp{refresh_sql(obj, false)});
  } else if (!guarded && obj.kind == ObjectKind::kMaterializedView &&
             obj.populated != obj.created_populated) {
    down.push_back(SqlOp{refresh_sql(obj, obj.populated)});
  }
  if (!obj.owner_table.name.empty()) {
    down.push_back(SqlOp{"ALTER SEQUENCE " + obj.key + " OWNED BY " + sql_table(obj.owner_table) + "." +
                         quote_ident(obj.owner_column)});
  }
  for (std::string& sql :
       sql_rel_options_change(alter_relation(obj.kind) + obj.key + " ", obj.written_options, obj.options))
    down.push_back(SqlOp{std::move(sql)});
  if (obj.kind == ObjectKind::kMaterializedView) {
    for (const Index& i : before.indexes) {
      if (qualified(canonical(i.table)) == obj.key) recreate_index(i, before, down);
    }
  }
  if (guarded) down.push_back(SqlOp{guarded_refresh_sql(obj)});
  if (obj.kind == ObjectKind::kTrigger && obj.trigger_state != 'O' && !obj.relations.empty())
    down.push_back(SqlOp{sql_trigger_state(obj.relations.front(), &obj, obj.trigger_state)});
  if (obj.comment && !obj.comment_target.empty())
    down.push_back(SqlOp{sql_comment(obj.comment_target, obj.comment)});
  // A sequence OWNED BY a column takes its table's owner when it is linked again (own_sequences).
  if (!obj.owner.empty() && !owner_target(obj).empty() && obj.owner_table.name.empty())
    down.push_back(SqlOp{sql_owner(owner_target(obj), obj.owner)});
  for (std::string& sql : sql_restore_acl(grant_target_of(obj), obj.acl, acl_kind_of(obj)))
    down.push_back(SqlOp{std::move(sql)});
  for (const auto& [column, acl] : obj.column_acls) {
    for (std::string& sql : sql_restore_acl(grant_target_of(obj), acl, AclKind::kColumn, column))
      down.push_back(SqlOp{std::move(sql)});
  }
}

// After DROP SCHEMA ... CASCADE: its enums, sequences, functions, tables (with their indexes,
// constraints, triggers), the foreign keys into them, and its views, in dependency order.
static void restore_schema_contents(const std::string& name, const Schema& before, std::vector<Op>& down,
                                    Step& s) {
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
    if (!inside(t.name)) continue;
    recreate_table(t, before, down, /*foreign_keys=*/false);
    mark(s, Reversibility::kLossy, "the rows of dropped table " + display(t.name) + " are not restored");
  }
  for (const Table& t : before.tables) {
    for (const Constraint& k : t.constraints) {
      if (k.kind == ConstraintKind::kForeignKey && (inside(t.name) || inside(k.ref_table))) {
        // The table it references comes back empty.
        if (!inside(t.name)) fit_rows_to_constraint(t.name, t, k, before, down, s);
        add_constraint_back(t.name, k, before, down);
      }
    }
  }
  for (ObjectKind kind : {ObjectKind::kView, ObjectKind::kMaterializedView}) {
    for (const TextObject& o : before.objects) {
      if (o.kind != kind || o.key.rfind(prefix, 0) != 0) continue;
      restore_object(o, before, down);
      mark_stale_matview(o, before, s);
    }
  }
}

// Then what lay outside the schema and went with it: the columns of its types (each with what went
// with it), and the views that read its relations, planned on the schema without its tables.
static void restore_schema_dependents(const std::string& name, const Schema& before, std::vector<Op>& down,
                                      Step& s, const PlanOptions& o) {
  const std::vector<ObjectRef> roots = schema_members(before, name);
  Schema state = before;
  std::erase_if(state.tables, [&](const Table& t) { return canonical(t.name).schema == name; });
  for (const ObjectRef& r : roots) {
    if (r.kind != RefKind::kType) continue;
    for (Op& op : plan_cascaded_column_drops(r, state, s, o)) down.push_back(std::move(op));
  }
  std::vector<Dependent> outside = dependents(state, roots, DependScope::kRelations);
  std::erase_if(outside, [&](const Dependent& d) { return canonical(d.ref.name).schema == name; });
  recreate_dependents(outside, state, down, s);
}

void plan_drop(const Drop& d, const Statement& stmt, const Schema& before, Step& s, const PlanOptions& o) {
  s.translation = "sql";
  s.summary = "DROP";
  std::vector<std::vector<Op>> downs;
  std::vector<const Table*> dropped_tables;
  std::optional<Schema> cascaded;  // DROP TYPE ... CASCADE: the schema without the columns it took
  for (size_t i = 0; i < d.names.size(); ++i) {
    const QName& n = d.names[i];
    std::vector<Op> down;
    switch (d.kind) {
      case DropKind::kTable: {
        s.summary = "DROP TABLE " + display(n);
        const Table* t = before.table(n);
        if (before.is_temp(n)) {
          down.push_back(NoteOp{"Temporary table " + n.name + ": session state, nothing to restore."});
          break;
        }
        if (t == nullptr) {
          if (const TextObject* partition = before.object(ObjectKind::kOther, qualified(n)))
            restore_object(*partition, before, down);
          break;
        }
        recreate_table(*t, before, down, /*foreign_keys=*/false);  // keys once every table is back
        dropped_tables.push_back(t);
        mark(s, Reversibility::kLossy, "the rows of dropped table " + display(n) + " are not restored");
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
        if (const Table* t = before.table(idx->table);
            t != nullptr && rows_may_break(idx->table, idx->columns, nullptr, o.later))
          fit_rows_to_index(*idx, *t, before, down, s);
        recreate_index(*idx, before, down);
        if (d.cascade)
          restore_bound_foreign_keys(idx->table, candidate_set(*idx), idx->name, before, o, down, s);
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
          restore_enum_extras(*e, down);
        } else if (const TextObject* obj = before.object(ObjectKind::kOther, d.keys[i])) {
          restore_object(*obj, before, down);
        }
        if (d.cascade && !down.empty()) {
          // The columns of the type went (and what went with each), then the views and functions
          // that name it.
          if (!cascaded) cascaded = before;
          const ObjectRef type{RefKind::kType, n, ""};
          for (Op& op : plan_cascaded_column_drops(type, *cascaded, s, o)) down.push_back(std::move(op));
          recreate_dependents(dependents(*cascaded, {type}, DependScope::kRelations), *cascaded, down, s);
        }
        break;
      }
      case DropKind::kFunction: {
        s.summary = "DROP FUNCTION " + display(n);
        for (const TextObject& obj : before.objects) {
          if (function_matches(obj, d.keys[i])) restore_object(obj, before, down);
        }
        // A generated column that calls it goes with it (CASCADE), values and all: not modelled.
        for (const Table& t : before.tables) {
          for (const Column& c : t.columns) {
            if (d.cascade && c.is_generated() && calls_function(c.generated, n))
              irreversible(s,
                           "generated column " + display(t.name) + "." + c.name + " calls " + display(n) +
                               ": DROP FUNCTION ... CASCADE takes it, which the model does not follow",
                           o);
          }
        }
        break;
      }
      case DropKind::kView:
      case DropKind::kMaterializedView:
      case DropKind::kTrigger:
      case DropKind::kExtension:
      case DropKind::kSequence:
      case DropKind::kCollation:
      case DropKind::kPolicy:
      case DropKind::kSchema: {
        const ObjectKind kind = object_kind(d.kind);
        s.summary = "DROP " + d.keys[i];
        if (const TextObject* obj = before.object(kind, d.keys[i])) {
          restore_object(*obj, before, down);
          mark_stale_matview(*obj, before, s);
        }
        if (kind == ObjectKind::kSchema && d.cascade) {
          restore_schema_contents(d.keys[i], before, down, s);
          restore_schema_dependents(d.keys[i], before, down, s, o);
        }
        break;
      }
    }
    if (down.empty() && !d.if_exists)
      irreversible(s, "dropped object " + d.keys[i] + " is unknown to the model", o);
    downs.push_back(std::move(down));
  }
  if (s.up.empty()) s.up.push_back(SqlOp{stmt.sql});
  // What CASCADE removed is what the model's dependency graph says (each restored above, lossy where
  // data goes with it), unless an earlier statement the model does not follow made more.
  // An extension's members are not in the model, so neither is what CASCADE took with them: a view
  // or a default calling its functions, a column of its type, an index of its operator class.
  if (d.cascade && d.kind == DropKind::kExtension)
    irreversible(s,
                 "DROP EXTENSION ... CASCADE also drops what uses the extension's functions, types and "
                 "operators, which the model does not know",
                 o);
  else if (d.cascade && o.model_incomplete)
    mark(s, Reversibility::kLossy, "DROP ... CASCADE: objects it removed beyond the model are not restored");
  for (auto it = downs.rbegin(); it != downs.rend(); ++it) {
    for (Op& op : *it) s.down.push_back(std::move(op));
  }
  // Foreign keys once all the dropped tables exist again: theirs, then other tables' keys to them.
  for (const Table* t : dropped_tables) {
    for (const Constraint& k : t->constraints) {
      if (k.kind != ConstraintKind::kForeignKey) continue;
      add_constraint_back(t->name, k, before, s.down);
    }
  }
  auto dropped = [&](const QName& n) {
    return std::any_of(dropped_tables.begin(), dropped_tables.end(),
                       [&](const Table* t) { return same_name(t->name, n); });
  };
  for (const Table& other : before.tables) {
    if (dropped(other.name)) continue;
    for (const Constraint& k : other.constraints) {
      if (k.kind != ConstraintKind::kForeignKey || !dropped(k.ref_table)) continue;
      // The table it references comes back empty.
      fit_rows_to_constraint(other.name, other, k, before, s.down, s);
      add_constraint_back(other.name, k, before, s.down);
    }
  }
  // CASCADE also took the views (for a function also the triggers, for a sequence the column
  // defaults) that use what was dropped: they come back last, in creation order.
  if (d.cascade &&
      (d.kind == DropKind::kTable || d.kind == DropKind::kView || d.kind == DropKind::kMaterializedView ||
       d.kind == DropKind::kFunction || d.kind == DropKind::kSequence)) {
    const RefKind kind = d.kind == DropKind::kTable      ? RefKind::kTable
                         : d.kind == DropKind::kFunction ? RefKind::kFunction
                         : d.kind == DropKind::kSequence ? RefKind::kSequence
                                                         : RefKind::kView;
    std::vector<ObjectRef> roots;
    for (const QName& n : d.names) roots.push_back(ObjectRef{kind, n, ""});
    recreate_dependents(dependents(before, roots, DependScope::kRelations), before, s.down, s);
  }
}

// ---- enums --------------------------------------------------------------------------------------

namespace {

// The value being taken out may be in rows by the time down() runs (written by this migration's or
// a later one's data statements, or by the application): such a value becomes NULL, or on a NOT NULL
// column the column's default label (else the type's first label); an array loses the element.
std::string cast_without(const EnumType& e, const Column& c, const std::string& removed) {
  const std::string value = quote_literal(removed);
  if (c.type.array_dims == 1) {
    return "array_remove(" + col(c.name) + "::text[], " + value + ")::" + sql_type_name(c.type);
  }
  if (c.type.array_dims > 1) return enum_cast(c.type, c.name);  // array_remove takes one dimension
  std::string fallback = "NULL";
  if (c.not_null && !e.labels.empty()) {
    fallback = quote_literal(e.labels.front());
    for (const std::string& l : e.labels) {
      const std::string q = quote_literal(l);
      if (c.default_sql && c.default_sql->compare(0, q.size(), q) == 0 &&
          (c.default_sql->size() == q.size() || c.default_sql->compare(q.size(), 2, "::") == 0))
        fallback = q;
    }
  }
  return "CASE WHEN " + col(c.name) + "::text = " + value + " THEN " + fallback + " ELSE " +
         enum_cast(c.type, c.name) + " END";
}

}  // namespace

// ALTER TYPE ... ADD VALUE cannot be undone in place: rebuild the type without the value.
// PostgreSQL will not change the type of a column that a view, a trigger's UPDATE OF or WHEN, a
// policy or a CHECK constraint uses, and rebuilds indexes from text naming the old type: everything
// that depends on the type (depend.h) is dropped first and created again after.
void rebuild_enum(const EnumType& e, const std::string& removed, const Schema& before, std::vector<Op>& down,
                  Step& s) {
  const QName old{canonical(e.name).schema, e.name.name + "_p2s_old"};
  auto uses_enum = [&](const Column& c) {
    return c.type.is_user_type() && same_name(c.type.user_type, e.name);
  };
  // In a NOT NULL column under a unique key, one fallback label for every row that holds the value
  // may repeat a key (23505): those rows go instead, while the old type still has the value.
  for (const Table& t : before.tables) {
    for (const Column& c : t.columns) {
      if (uses_enum(c) && c.not_null && c.type.array_dims == 0 &&
          under_unique_key(t, before, c.name) != KeyUse::kNone)
        down.push_back(SqlOp{"DELETE FROM " + sql_table(t.name) + " WHERE " + col(c.name) +
                             "::text = " + quote_literal(removed)});
    }
  }
  const std::vector<Dependent> deps =
      dependents(before, {ObjectRef{RefKind::kType, e.name, ""}}, DependScope::kExpressions);
  drop_dependents(deps, down);
  // The columns are retyped one at a time: a foreign key between two columns of the type cannot hold
  // while one is of the new type and the other of the old (42804). Such keys go first, come back after.
  std::vector<std::pair<const Table*, const Constraint*>> keys;
  for (const Table& t : before.tables) {
    auto typed = [&](const Table* in, const std::vector<std::string>& columns) {
      return in != nullptr && std::any_of(columns.begin(), columns.end(), [&](const std::string& n) {
               const Column* c = in->column(n);
               return c != nullptr && uses_enum(*c);
             });
    };
    for (const Constraint& k : t.constraints) {
      if (k.kind != ConstraintKind::kForeignKey) continue;
      if (typed(&t, k.columns) || typed(before.table(k.ref_table), k.ref_columns)) keys.emplace_back(&t, &k);
    }
  }
  for (const auto& [t, k] : keys) down.push_back(drop_constraint_op(t->name, k->name));
  down.push_back(SqlOp{"ALTER TYPE " + sql_table(e.name) + " RENAME TO " + quote_ident(old.name)});
  down.push_back(SqlOp{sql_create_enum(e)});
  for (const Table& t : before.tables) {
    for (const Column& c : t.columns) {
      if (!uses_enum(c)) continue;
      if (c.default_sql)
        down.push_back(SqlOp{alter(t.name) + "ALTER COLUMN " + col(c.name) + " DROP DEFAULT"});
      down.push_back(SqlOp{alter(t.name) + "ALTER COLUMN " + col(c.name) + " TYPE " + sql_type_name(c.type) +
                           " USING " + cast_without(e, c, removed)});
      if (c.default_sql)
        down.push_back(
            SqlOp{alter(t.name) + "ALTER COLUMN " + col(c.name) + " SET DEFAULT " + *c.default_sql});
    }
  }
  for (const auto& [t, k] : keys) add_constraint_back(t->name, *k, before, down);
  down.push_back(SqlOp{"DROP TYPE " + sql_table(old)});
  restore_enum_extras(e, down);
  recreate_dependents(deps, before, down, s);
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
    // Views that read this one go first and come back after (PostgreSQL refuses to drop it under them).
    const std::vector<Dependent> deps =
        dependents(before, {ObjectRef{RefKind::kView, existing->name, ""}}, DependScope::kRelations);
    drop_dependents(deps, s.down);
    s.down.push_back(SqlOp{c.object.drop_sql});
    restore_object(*existing, before, s.down);  // with its comment and storage parameters
    recreate_dependents(deps, before, s.down, s);
  } else {
    s.down.push_back(SqlOp{existing->create_sql});  // kept in its CREATE OR REPLACE form
    for (const std::string& sql : existing->alters) s.down.push_back(SqlOp{sql});  // its ALTER FUNCTIONs
  }
}

// ALTER INDEX | VIEW | MATERIALIZED VIEW ... SET / RESET (...): the storage parameters back as they
// were, order included (sql_rel_options_change).
void plan_set_relation_options(const SetRelationOptions& r, const Statement& stmt, const Schema& before,
                               Step& s, const PlanOptions& o) {
  const std::string what = r.target == OptionsTarget::kIndex  ? "INDEX "
                           : r.target == OptionsTarget::kView ? "VIEW "
                                                              : "MATERIALIZED VIEW ";
  s.translation = "sql";
  s.summary = "ALTER " + what + display(r.name);
  s.up.push_back(SqlOp{stmt.sql});
  const RelOptions* options = relation_options(before, r);
  if (options == nullptr) {
    if (!r.if_exists)
      irreversible(s, "the storage parameters of " + display(r.name) + " are not modelled", o);
    return;
  }
  RelOptions after = *options;
  for (const SetOptions& change : r.changes) apply_options(after, change);
  for (std::string& sql : sql_rel_options_change("ALTER " + what + sql_table(r.name) + " ", after, *options))
    s.down.push_back(SqlOp{std::move(sql)});
}

// ALTER SEQUENCE back to the previous clauses (or PostgreSQL's defaults where there were none).
void plan_alter_function(const AlterFunction& a, const Statement& stmt, const Schema& before, Step& s,
                         const PlanOptions& o) {
  s.translation = "sql";
  s.summary = "ALTER FUNCTION " + a.key;
  s.up.push_back(SqlOp{stmt.sql});
  const TextObject* it = before.function(a.key);
  if (it == nullptr) return irreversible(s, "function " + a.key + " is unknown here", o);
  // CREATE OR REPLACE sets every attribute its text does not name back to its default, and keeps
  // the owner, the privileges and the comment.
  s.down.push_back(SqlOp{with_or_replace(it->create_sql)});
  for (const std::string& sql : it->alters) s.down.push_back(SqlOp{sql});
}

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

}  // namespace p2s
