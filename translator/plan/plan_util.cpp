#include "plan/plan_util.h"

#include <algorithm>

#include "model/depend.h"
#include "parse/pg_keys.h"
#include "parse/pg_view.h"
#include "plan/plan_steps.h"
#include "replay/replay.h"
#include "replay/replay_grant.h"
#include "replay/replay_owner.h"

namespace p2s {

bool native_name(const std::string& name) {
  if (name.empty() || name == "__proto__") return false;
  if (name.find('"') != std::string::npos || name.find('.') != std::string::npos) return false;
  const bool integer_like =
      std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
  return !integer_like;
}

bool native_table(const QName& table) {
  return canonical(table).schema == "public" && native_name(table.name);
}

std::optional<NativeColumn> native_column(const Column& c) {
  // queryInterface has no COMPRESSION (the only one of Column's attributes a column definition gives).
  if (!native_name(c.name) || c.is_generated() || c.identity || c.collation || !c.compression.empty())
    return std::nullopt;
  NativeColumn n;
  n.name = c.name;
  n.type = c.type;
  n.serial = c.serial;
  n.type_sql = c.serial ? serial_type_name(c.type) : sql_type_name(c.type);
  n.allow_null = !c.not_null;
  if (!c.serial) n.default_sql = c.default_sql;
  return n;
}

void add_constraint_ops(const QName& table, const Constraint& k, std::vector<Op>& ops) {
  for (Index i : k.from_index) {
    i.table = table;
    ops.push_back(SqlOp{sql_create_index(i)});
  }
  ops.push_back(add_constraint_op(table, k));
}

void add_constraint_back(const QName& table, const Constraint& k, const Schema& schema,
                         std::vector<Op>& ops) {
  add_constraint_ops(table, k, ops);
  restore_constraint_extras(table, k, schema, ops);
}

Op add_constraint_op(const QName& table, const Constraint& k) {
  AddConstraintOp op;
  op.table = table.name;
  op.name = k.name;
  op.kind = k.kind;
  op.fields = current_names(k.keys, k.renames);
  op.ref_table = k.ref_table.name;
  op.ref_fields = current_names(k.ref_keys, k.ref_renames);
  op.on_delete = fk_action(k.on_delete);
  op.on_update = fk_action(k.on_update);
  const bool native = k.plain && native_table(table) && native_name(k.name) &&
                      std::all_of(op.fields.begin(), op.fields.end(), native_name) &&
                      std::all_of(op.ref_fields.begin(), op.ref_fields.end(), native_name) &&
                      (k.kind != ConstraintKind::kForeignKey || native_table(k.ref_table));
  if (native) return op;
  return restore_constraint_op(table, k);
}

// SQL that may derive at run time what it runs; `plain` is then its static effect.
static SqlOp derived_op(std::string sql, std::string plain) {
  if (sql == plain) return SqlOp{std::move(sql), ""};
  return SqlOp{std::move(sql), std::move(plain)};
}

SqlOp restore_constraint_op(const QName& table, const Constraint& k) {
  return derived_op(sql_restore_constraint(table, k), sql_add_constraint(table, k));
}

std::optional<std::vector<Op>> native_constraint_ops(const QName& table,
                                                     const std::vector<Constraint>& constraints) {
  std::vector<Op> ops;
  for (const Constraint& k : constraints) {
    ops.push_back(add_constraint_op(table, k));
    if (!std::holds_alternative<Box<AddConstraintOp>>(ops.back())) return std::nullopt;
  }
  return ops;
}

Op drop_constraint_op(const QName& table, const std::string& name) {
  if (native_table(table) && native_name(name)) return RemoveConstraintOp{table.name, name};
  return SqlOp{"ALTER TABLE " + sql_table(table) + " DROP CONSTRAINT " + quote_ident(name)};
}

Op drop_index_op(const QName& table, const std::string& name, bool concurrently) {
  if (!concurrently && native_table(table) && native_name(name)) return RemoveIndexOp{table.name, name};
  return SqlOp{std::string("DROP INDEX ") + (concurrently ? "CONCURRENTLY " : "") +
               sql_table(QName{canonical(table).schema, name})};
}

void restore_column_extras(const QName& table, const Column& c, std::vector<Op>& ops) {
  if (c.comment) ops.push_back(SqlOp{sql_comment(sql_column_target(table, c.name), c.comment)});
  for (std::string& sql : sql_restore_acl("TABLE " + sql_table(table), c.acl, AclKind::kColumn, c.name))
    ops.push_back(SqlOp{std::move(sql)});
  restore_column_attributes(
      table, c, {ColumnAttribute::kStatistics, ColumnAttribute::kStorage, ColumnAttribute::kCompression},
      ops);
}

void restore_column_attributes(const QName& table, const Column& c,
                               std::initializer_list<ColumnAttribute> which, std::vector<Op>& ops) {
  for (ColumnAttribute what : which) {
    if (!column_attribute(c, what).empty())
      ops.push_back(SqlOp{sql_column_attribute(table, c.name, what, column_attribute(c, what))});
  }
}

std::vector<const TextObject*> create_owned_sequences(const Table& t, const std::string* column,
                                                      const Schema& before, std::vector<Op>& ops) {
  std::vector<const TextObject*> owned;
  for (const TextObject& o : before.objects) {
    if (o.kind != ObjectKind::kSequence || o.owner_table.name.empty() || !same_name(o.owner_table, t.name) ||
        (column != nullptr && o.owner_column != *column))
      continue;
    const Column* c = t.column(o.owner_column);
    if (c != nullptr && (c->serial || c->identity)) continue;  // the column makes it
    owned.push_back(&o);
    ops.push_back(SqlOp{o.create_sql});
  }
  return owned;
}

void own_sequences(const Table& t, const std::string* column, const std::vector<const TextObject*>& owned,
                   const Schema& before, std::vector<Op>& ops) {
  for (const TextObject* o : owned) {
    // PostgreSQL links a sequence only to a table of the same owner.
    if (!o->owner.empty()) ops.push_back(SqlOp{sql_owner("SEQUENCE " + o->key, o->owner)});
    ops.push_back(SqlOp{"ALTER SEQUENCE " + o->key + " OWNED BY " + sql_table(t.name) + "." +
                        quote_ident(o->owner_column)});
  }
  // A serial or identity column's own sequence, which the column made anew: its name (an identity
  // sequence keeps its name when the column is renamed) and its options (ALTER SEQUENCE ... CACHE)
  // back. Then the comments of every owned sequence, that one included.
  for (const TextObject& o : before.objects) {
    if (o.kind != ObjectKind::kSequence || !same_name(o.owner_table, t.name) ||
        (column != nullptr && o.owner_column != *column))
      continue;
    const Column* c = t.column(o.owner_column);
    const bool made = c != nullptr && (c->serial || c->identity);
    const QName fresh{canonical(t.name).schema, serial_sequence(t.name, o.owner_column)};
    const std::string in_schema = quote_ident(fresh.schema) + ".";
    if (made && c->identity && o.key != qualified(fresh) && o.key.rfind(in_schema, 0) == 0)
      ops.push_back(
          SqlOp{"ALTER SEQUENCE " + qualified(fresh) + " RENAME TO " + o.key.substr(in_schema.size())});
    // SERIAL makes the sequence of the column's type; a serial column retyped since (int to bigint)
    // kept the sequence's type, which ALTER SEQUENCE ... AS puts back.
    const bool altered = std::any_of(o.seq_options.begin(), o.seq_options.end(), [&](const auto& option) {
      return option.first != "as" ||
             (c != nullptr && c->serial && option.second != serial_sequence_as(c->type));
    });
    if (made && altered) {
      std::string clauses;
      for (const auto& [name, clause] : o.seq_options) clauses += " " + clause;
      ops.push_back(SqlOp{"ALTER SEQUENCE " + o.key + clauses});
    }
    if (o.comment) ops.push_back(SqlOp{sql_comment("SEQUENCE " + o.key, o.comment)});
    for (std::string& sql : sql_restore_acl("SEQUENCE " + o.key, o.acl, AclKind::kSequence))
      ops.push_back(SqlOp{std::move(sql)});
  }
}

void relax_serial_not_null(const QName& table, const Column& c, std::vector<Op>& ops) {
  if (c.serial && !c.not_null)
    ops.push_back(
        SqlOp{"ALTER TABLE " + sql_table(table) + " ALTER COLUMN " + col(c.name) + " DROP NOT NULL"});
}

void recreate_table(const Table& t, const Schema& before, std::vector<Op>& ops, bool foreign_keys) {
  const std::vector<const TextObject*> owned = create_owned_sequences(t, nullptr, before, ops);
  std::vector<NativeColumn> columns;
  bool native = native_table(t.name) && !t.unlogged && t.partition_by.empty() && t.options.empty();
  for (const Column& c : t.columns) {
    auto n = native_column(c);
    if (!n) native = false;
    if (n) columns.push_back(*n);
  }
  if (native) {
    ops.push_back(CreateTableOp{t.name.name, columns});
  } else {
    ops.push_back(SqlOp{sql_create_table(t)});
  }
  // Its owner before its sequences are linked to it (PostgreSQL links only a sequence of the same
  // owner); the sequences its columns made, and later its indexes, follow it.
  if (!t.owner.empty()) ops.push_back(SqlOp{sql_owner("TABLE " + sql_table(t.name), t.owner)});
  own_sequences(t, nullptr, owned, before, ops);
  for (const Column& c : t.columns) relax_serial_not_null(t.name, c, ops);
  for (const Constraint& k : t.constraints) {
    if (k.kind != ConstraintKind::kForeignKey) add_constraint_ops(t.name, k, ops);
  }
  for (const Constraint& k : t.constraints) {
    if (foreign_keys && k.kind == ConstraintKind::kForeignKey) ops.push_back(add_constraint_op(t.name, k));
  }
  for (const TextObject& o : before.objects) {
    if (!o.partition_of.name.empty() && same_name(o.partition_of, t.name)) ops.push_back(SqlOp{o.create_sql});
  }
  for (const Index* i : before.indexes_of(t.name)) recreate_index(*i, before, ops);
  if (t.comment) ops.push_back(SqlOp{sql_comment("TABLE " + sql_table(t.name), t.comment)});
  for (std::string& sql : sql_restore_acl("TABLE " + sql_table(t.name), t.acl, AclKind::kTable))
    ops.push_back(SqlOp{std::move(sql)});
  for (const Column& c : t.columns) restore_column_extras(t.name, c, ops);
  for (const Constraint& k : t.constraints) {
    if (foreign_keys || k.kind != ConstraintKind::kForeignKey)
      restore_constraint_extras(t.name, k, before, ops);
  }
  if (t.row_security) ops.push_back(SqlOp{"ALTER TABLE " + sql_table(t.name) + " ENABLE ROW LEVEL SECURITY"});
  // REPLICA IDENTITY USING INDEX comes with its index (recreate_index, restore_constraint_extras).
  if (t.replica_identity == 'f' || t.replica_identity == 'n')
    ops.push_back(SqlOp{sql_replica_identity(t.name, t.replica_identity, t.replica_index)});
  for (const TextObject* o : table_members(before, t.name)) restore_object(*o, before, ops);
}

void recreate_index(const Index& i, const Schema& schema, std::vector<Op>& ops) {
  ops.push_back(derived_op(sql_restore_index(i), sql_create_index(i)));
  const std::string index = sql_table(QName{canonical(i.table).schema, i.name});
  if (i.comment) ops.push_back(SqlOp{sql_comment("INDEX " + index, i.comment)});
  for (std::string& sql : sql_rel_options_change("ALTER INDEX " + index + " ", i.written_options, i.options))
    ops.push_back(SqlOp{std::move(sql)});
  if (i.clustered) ops.push_back(SqlOp{sql_cluster_on(i.table, i.name)});
  if (const Table* t = schema.table(i.table);
      t != nullptr && t->replica_identity == 'i' && t->replica_index == i.name)
    ops.push_back(SqlOp{sql_replica_identity(t->name, 'i', i.name)});
}

void restore_constraint_extras(const QName& table, const Constraint& k, const Schema& schema,
                               std::vector<Op>& ops) {
  if (k.comment)
    ops.push_back(
        SqlOp{sql_comment("CONSTRAINT " + quote_ident(k.name) + " ON " + sql_table(table), k.comment)});
  const std::string index = sql_table(QName{canonical(table).schema, k.name});  // the index it owns
  if (k.index_comment) ops.push_back(SqlOp{sql_comment("INDEX " + index, k.index_comment)});
  if (k.clustered) ops.push_back(SqlOp{sql_cluster_on(table, k.name)});
  for (std::string& sql : sql_rel_options_change("ALTER INDEX " + index + " ", k.written_options, k.options))
    ops.push_back(SqlOp{std::move(sql)});
  const Table* t = schema.table(table);
  if (t != nullptr && t->replica_identity == 'i' && t->replica_index == k.name)
    ops.push_back(SqlOp{sql_replica_identity(table, 'i', k.name)});
}

void mark(Step& s, Reversibility r, const std::string& note) {
  if (r > s.reversibility) s.reversibility = r;
  if (!note.empty()) s.note += (s.note.empty() ? "" : "; ") + note;
}

bool stale_refresh_guarded(const TextObject& view, const Schema& before) {
  if (view.kind != ObjectKind::kMaterializedView || !view.stale || !view.populated) return false;
  return std::any_of(before.indexes.begin(), before.indexes.end(),
                     [&](const Index& i) { return i.unique && qualified(canonical(i.table)) == view.key; });
}

void mark_stale_matview(const TextObject& view, const Schema& before, Step& s) {
  if (view.kind != ObjectKind::kMaterializedView || !view.stale) return;
  std::string note = "materialized view " + display(view.name) +
                     " comes back with the rows its query gives now, not those of its last refresh";
  if (stale_refresh_guarded(view, before))
    note += " (unpopulated, with a warning, if they break its unique index)";
  if (s.note.find(note) == std::string::npos) mark(s, Reversibility::kLossy, note);
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

std::string as_referenced(const std::string& expr, const Schema& schema, const QName& own_table,
                          const std::string& own_column, const QName& ref_table,
                          const std::string& ref_column) {
  const Table* own = schema.table(own_table);
  const Table* ref = schema.table(ref_table);
  const Column* o = own != nullptr ? own->column(own_column) : nullptr;
  const Column* r = ref != nullptr ? ref->column(ref_column) : nullptr;
  if (o == nullptr || r == nullptr || o->collation == r->collation) return expr;
  return expr + " COLLATE " + (r->collation ? quote_ident(*r->collation) : std::string("\"default\""));
}

// The schema the enum's columns use it in (element type or array).
std::string enum_cast(const TypeRef& t, const std::string& column) {
  std::string text = "text";
  for (int i = 0; i < t.array_dims; ++i) text += "[]";
  return col(column) + "::" + text + "::" + sql_type_name(t);
}

std::vector<ViewKey> view_keys_over(const Table& t, const Schema& before) {
  std::vector<ViewKey> out;
  for (const TextObject& o : before.objects) {
    if (o.kind != ObjectKind::kMaterializedView) continue;
    const std::optional<Projection> p = plain_projection(o.node, o.stars);
    if (!p || p->columns.size() != o.output_columns.size() ||
        !same_name(o.current_relation(QName{p->relation.schema, p->relation.name}), t.name))
      continue;
    for (const Index* i : before.indexes_of(o.name)) {
      if (!i->unique) continue;
      const UniqueKey on_view = index_key(i->node, i->renames, i->labels);
      ViewKey k{UniqueKey{}, o.name, i->name};
      k.key.nulls_not_distinct = on_view.nulls_not_distinct;
      for (const std::string& c : on_view.columns) {
        auto at = std::find(o.output_columns.begin(), o.output_columns.end(), c);
        if (c.empty() || at == o.output_columns.end()) {
          k.key.columns.clear();  // an expression, or a column the model cannot trace
          break;
        }
        const std::string column =
            o.current_column(p->relation, p->columns[static_cast<size_t>(at - o.output_columns.begin())]);
        if (t.column(column) == nullptr) {
          k.key.columns.clear();
          break;
        }
        k.key.columns.push_back(column);
        k.key.exprs.push_back(col(column));
      }
      if (!k.key.columns.empty()) out.push_back(std::move(k));
    }
  }
  return out;
}

// Whether a column is under a primary key, unique or exclusion constraint, or a unique index, and
// whether one of those keys counts NULLs as equal (NULLS NOT DISTINCT).
KeyUse under_unique_key(const Table& t, const Schema& before, const std::string& column) {
  KeyUse use = KeyUse::kNone;
  auto found = [&](bool nulls_equal) {
    if (nulls_equal) use = KeyUse::kUniqueNullsEqual;
    if (use == KeyUse::kNone) use = KeyUse::kUnique;
  };
  for (const Constraint& k : t.constraints) {
    if ((k.kind == ConstraintKind::kPrimaryKey || k.kind == ConstraintKind::kUnique ||
         k.kind == ConstraintKind::kExclusion) &&
        mentions(k.columns, column))
      found(k.kind == ConstraintKind::kUnique && nulls_not_distinct(k.node));
  }
  for (const Index* i : before.indexes_of(t.name)) {
    if (i->unique && mentions(i->columns, column))
      found(index_key(i->node, i->renames, i->labels).nulls_not_distinct);
  }
  for (const ViewKey& k : view_keys_over(t, before)) {
    if (mentions(k.key.columns, column)) found(k.key.nulls_not_distinct);
  }
  return use;
}

}  // namespace p2s
