// Replaying statements on the schema model: creates, drops, ALTER TABLE commands, enums, comments
// (renames and SET SCHEMA are in replay_rename.cpp).
#include "replay/replay.h"

#include <algorithm>
#include <functional>
#include <map>

#include "base/overloaded.h"
#include "model/choose_name.h"
#include "model/depend.h"
#include "model/key_order.h"
#include "replay/replay_do.h"
#include "replay/replay_grant.h"
#include "replay/replay_internal.h"
#include "replay/replay_owner.h"

namespace p2s {
namespace {

// A default written as a bare string literal ('...') is read as a constant of the column's type.
// ALTER COLUMN TYPE keeps that constant and only converts it (a uuid column made text still shows
// '...'::uuid), so the model pins the literal to the old type: a column recreated from the model
// then gets the same default. Typmods are left out, as PostgreSQL shows such a constant.
bool bare_string_literal(const std::string& s) {
  if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') return false;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] != '\'') continue;
    if (s[i + 1] != '\'' || i + 2 == s.size()) return false;
    ++i;  // a doubled quote
  }
  return true;
}

void pin_literal_default(Column& c, const TypeRef& to) {
  const TypeRef& from = c.type;
  if (!c.default_sql || !bare_string_literal(*c.default_sql)) return;
  if (from.base == to.base && from.array_dims == to.array_dims && same_name(from.user_type, to.user_type))
    return;
  std::string type = from.is_user_type() ? sql_type_name(from) : from.base;
  if (!from.is_user_type()) {
    for (int i = 0; i < from.array_dims; ++i) type += "[]";
  }
  c.default_sql = *c.default_sql + "::" + type;
}

// A serial column owns a sequence named after it; the model keeps it so DROP SEQUENCE can be undone.
// When that name is taken PostgreSQL numbers it (t_id_seq1), which SERIAL would not recreate: the
// column is then a plain one whose default is that sequence.
// An identity column's sequence is named the same way (its name is what COMMENT ON SEQUENCE and
// ALTER SEQUENCE use, and it keeps that name when the column is renamed).
void add_serial_sequence(Schema& schema, const QName& table, Column& c) {
  if (!c.serial && !c.identity) return;
  const QName seq{canonical(table).schema, choose_serial_sequence(schema, table, c.name)};
  if (c.serial && seq.name != serial_sequence(table, c.name)) {
    c.serial = false;
    c.default_sql = nextval_default(seq);
  }
  TextObject o;
  o.kind = ObjectKind::kSequence;
  o.key = qualified(seq);
  o.seq_options = {{"as", serial_sequence_as(c.type)}};
  for (const auto& [name, clause] : c.identity_items) {  // GENERATED ... AS IDENTITY (options)
    if (name == "as") {
      o.seq_options.front().second = clause;
    } else {
      o.seq_options.emplace_back(name, clause);
    }
  }
  o.create_sql = sequence_create_sql(o);
  o.drop_sql = "DROP SEQUENCE " + qualified(seq);
  o.comment_target = "SEQUENCE " + o.key;
  o.owner_table = canonical(table);
  o.owner_column = c.name;
  schema.objects.push_back(std::move(o));
}

// The types of a CHECK's or an index's columns now, one history entry per statement (the commands
// of one ALTER TABLE change types together, and PostgreSQL re-parses the definition once after them).
void record_types(const Table& t, const std::vector<std::string>& columns, std::vector<ColumnTypes>& history,
                  SourceLoc at) {
  std::vector<TypeRef> types;
  for (const std::string& name : columns) {
    const Column* c = t.column(name);
    types.push_back(c != nullptr ? c->type : TypeRef{});
  }
  const bool same_statement = !history.empty() && history.back().at.valid() && at.valid() &&
                              history.back().at.file == at.file && history.back().at.offset == at.offset;
  if (same_statement) {
    history.back().types = std::move(types);
  } else {
    history.push_back({at, std::move(types)});
  }
}

// `clock`: the schema's creation stamps (key_order.h); a constraint made USING INDEX has its index's.
// A data change writes `target` (or, unknown, any table): the populated materialized views that read
// it, directly or through views, no longer hold what their query gives.
void mark_stale_matviews(Schema& schema, const std::optional<QName>& target) {
  std::function<bool(const TextObject&, int)> reads = [&](const TextObject& o, int depth) {
    for (const QName& written : o.relations) {
      const QName r = o.current_relation(written);
      if (same_name(r, *target)) return true;
      const TextObject* view = schema.object(ObjectKind::kView, qualified(canonical(r)));
      if (view != nullptr && depth < 16 && reads(*view, depth + 1)) return true;
    }
    return false;
  };
  for (TextObject& o : schema.objects) {
    if (o.kind == ObjectKind::kMaterializedView && o.populated && !o.stale && (!target || reads(o, 0)))
      o.stale = true;
  }
}

// DROP ... CASCADE of a key or unique index: the foreign keys bound to it (key_order.h).
void drop_bound_foreign_keys(Schema& schema, const QName& table, const std::vector<std::string>& set,
                             const std::string& name) {
  if (!binds_foreign_keys(schema, table, set, name)) return;
  for (Table& other : schema.tables) {
    erase_if(other.constraints, [&](const Constraint& fk) { return references_set(schema, fk, table, set); });
  }
}

void add_constraint(Table& t, const Constraint& c, SourceLoc at, uint64_t& clock) {
  if (c.kind == ConstraintKind::kPrimaryKey) {
    for (const auto& name : c.columns) {
      if (Column* col = t.column(name)) col->not_null = true;
    }
  }
  t.constraints.push_back(c);
  if (c.created == 0) t.constraints.back().created = ++clock;
  if (c.kind == ConstraintKind::kCheck) {
    Constraint& k = t.constraints.back();
    k.type_history.clear();
    record_types(t, k.columns, k.type_history, at);
  }
}

// DROP SCHEMA ... CASCADE: everything in the schema goes, and foreign keys into it.
void drop_schema_contents(Schema& schema, const std::string& name) {
  auto inside = [&](const QName& q) { return canonical(q).schema == name; };
  const std::string prefix = quote_ident(name) + ".";
  for (Table& t : schema.tables) {
    erase_if(t.constraints, [&](const Constraint& k) {
      return k.kind == ConstraintKind::kForeignKey && inside(k.ref_table);
    });
  }
  erase_if(schema.indexes, [&](const Index& i) { return inside(i.table); });
  erase_if(schema.tables, [&](const Table& t) { return inside(t.name); });
  erase_if(schema.enums, [&](const EnumType& e) { return inside(e.name); });
  erase_if(schema.objects, [&](const TextObject& o) { return o.key.rfind(prefix, 0) == 0; });
}

// A view as PostgreSQL stores it: stars expanded against the relations as they are now.
void shape_view(TextObject& o, const Schema& schema) {
  if (!o.node || (o.kind != ObjectKind::kView && o.kind != ObjectKind::kMaterializedView)) return;
  ViewShape shape = analyze_view(
      o.node, [&](const QName& n) { return relation_columns(schema, n); },
      [&](const QName& n) { return relation_column_types(schema, n); });
  o.stars = std::move(shape.stars);
  o.bindings.refs = std::move(shape.bindings);
  o.bindings.pins = std::move(shape.pins);
  o.bindings.naturals = std::move(shape.naturals);
  o.output_columns = std::move(shape.output_columns);
  o.stars_complete = shape.complete;
  for (const std::string& c : shape.star_columns) {
    if (std::find(o.columns.begin(), o.columns.end(), c) == o.columns.end()) o.columns.push_back(c);
  }
}

}  // namespace

EnumTypes enum_types(const Schema& schema, ColumnOf column_of) {
  EnumTypes types;
  types.named = [&schema](const QName& type) -> std::optional<QName> {
    const EnumType* e = schema.enum_type(type);
    return e == nullptr ? std::nullopt : std::optional<QName>(e->name);
  };
  types.of_column = [&schema, named = types.named, column_of = std::move(column_of)](const void* ref) {
    const auto read = column_of(ref);
    const Table* t = read ? schema.table(read->first) : nullptr;
    const Column* c = t == nullptr ? nullptr : t->column(read->second);
    return c != nullptr && c->type.is_user_type() ? named(c->type.user_type) : std::nullopt;
  };
  return types;
}

namespace {

// The string constants of a view, trigger or policy that PostgreSQL types as an enum, against the
// column types the model has now: a view's references are bound to their relations, a trigger's or
// policy's read its table.
void find_enum_constants(TextObject& o, const Schema& schema) {
  if (!o.node) return;
  std::map<const void*, std::pair<QName, std::string>> columns;
  if (o.kind == ObjectKind::kView || o.kind == ObjectKind::kMaterializedView) {
    for (const ColumnBinding& b : o.bindings.refs) {
      if (!b.relation.name.empty()) columns[b.ref] = {b.relation, b.column};
    }
  } else if (!o.relations.empty()) {
    for (const auto& [ref, column] : column_refs(o.node)) columns[ref] = {o.relations.front(), column};
  }
  o.enum_constants = enum_constants(o.node, enum_types(schema, [&](const void* ref) {
                                      auto it = columns.find(ref);
                                      return it == columns.end() ? std::nullopt : std::optional(it->second);
                                    }));
}

// What a CASCADE takes with the objects it drops: the dependents found that the model keeps as
// objects (views, triggers, policies) with the indexes of materialized views among them, and the
// column defaults that read a dropped sequence (the columns stay). CHECK constraints and indexes on
// a dropped column go with the column itself.
void remove_dependents(Schema& schema, const std::vector<Dependent>& deps) {
  std::vector<std::string> gone;
  std::vector<ObjectRef> members;  // CHECK constraints and indexes (a type's casts)
  for (const Dependent& dep : deps) {
    if (dep.object != nullptr) gone.push_back(dep.object->key);
    if (dep.ref.kind == RefKind::kConstraint || dep.ref.kind == RefKind::kIndex) members.push_back(dep.ref);
    if (dep.ref.kind != RefKind::kDefault) continue;
    if (Table* t = schema.table(dep.ref.name)) {
      if (Column* c = t->column(dep.ref.sub)) {
        c->default_sql.reset();
        c->serial = false;
      }
    }
  }
  erase_if(schema.indexes, [&](const Index& x) {
    return std::find(gone.begin(), gone.end(), qualified(canonical(x.table))) != gone.end() ||
           std::find(gone.begin(), gone.end(), qualified(x.table)) != gone.end();
  });
  erase_if(schema.objects,
           [&](const TextObject& o) { return std::find(gone.begin(), gone.end(), o.key) != gone.end(); });
  for (const ObjectRef& m : members) {
    if (m.kind == RefKind::kIndex) {
      erase_if(schema.indexes, [&](const Index& x) { return same_name(x.table, m.name) && x.name == m.sub; });
    } else if (Table* t = schema.table(m.name)) {
      erase_if(t->constraints, [&](const Constraint& k) { return k.name == m.sub; });
    }
  }
}

// DROP COLUMN ... CASCADE: the views (and what reads them), triggers and policies that use the
// column go, and so do other tables' foreign keys to it (they need the unique index that goes with
// the column). Its own indexes and constraints go even without CASCADE.
void drop_column_dependents(Schema& schema, const QName& table, const std::string& column) {
  remove_dependents(
      schema, dependents(schema, {ObjectRef{RefKind::kColumn, table, column}}, DependScope::kExpressions));
  std::vector<std::pair<QName, std::string>> keys;  // found first: the walk reads the primary key
  for (const Table& other : schema.tables) {
    for (const Constraint& k : other.constraints) {
      if (references_column(schema, k, table, column)) keys.emplace_back(other.name, k.name);
    }
  }
  for (const std::pair<QName, std::string>& key : keys) {
    erase_if(schema.table(key.first)->constraints, [&](const Constraint& k) { return k.name == key.second; });
  }
}

// A column goes with its indexes and constraints, its owned sequence and, under CASCADE, with what
// else depends on it.
void drop_column(Schema& schema, const QName& table, const std::string& name, bool cascade) {
  if (cascade) drop_column_dependents(schema, table, name);
  Table* t = schema.table(table);
  if (t == nullptr) return;
  erase_if(t->columns, [&](const Column& c) { return c.name == name; });
  erase_if(schema.objects,
           [&](const TextObject& o) { return same_name(o.owner_table, table) && o.owner_column == name; });
  erase_if(t->constraints, [&](const Constraint& k) { return mentions(k.columns, name); });
  erase_if(schema.indexes,
           [&](const Index& i) { return same_name(i.table, table) && mentions(i.columns, name); });
}

// The columns DROP ... CASCADE takes with `root` (a type's columns, the generated columns computed
// from a column), each after the generated columns computed from it.
void drop_columns_with(Schema& schema, const ObjectRef& root) {
  std::vector<ObjectRef> gone;
  for (const Dependent& d : dependents(schema, {root}, DependScope::kColumns)) gone.push_back(d.ref);
  for (auto it = gone.rbegin(); it != gone.rend(); ++it) drop_column(schema, it->name, it->sub, true);
}

// DROP SCHEMA ... CASCADE also takes what lies outside the schema and depends on what is in it:
// the columns of its types (with what goes with each), and the views that read its relations.
void drop_schema_dependents(Schema& schema, const std::string& name) {
  const std::vector<ObjectRef> roots = schema_members(schema, name);
  for (const ObjectRef& r : roots) {
    if (r.kind == RefKind::kType) drop_columns_with(schema, r);
  }
  remove_dependents(schema, dependents(schema, roots, DependScope::kRelations));
}

// DROP ... CASCADE: the views that read the dropped relations go with them, and so do other
// tables' foreign keys to a dropped table; the triggers and views that call a dropped function go
// with it, and the column defaults that read a dropped sequence (PostgreSQL's findDependentObjects).
void drop_cascaded(const Drop& d, Schema& schema) {
  if (!d.cascade) return;
  std::vector<ObjectRef> roots;
  for (const QName& n : d.names) {
    if (d.kind == DropKind::kTable) roots.push_back(ObjectRef{RefKind::kTable, n, ""});
    if (d.kind == DropKind::kView || d.kind == DropKind::kMaterializedView)
      roots.push_back(ObjectRef{RefKind::kView, n, ""});
    if (d.kind == DropKind::kFunction) roots.push_back(ObjectRef{RefKind::kFunction, n, ""});
    if (d.kind == DropKind::kSequence) roots.push_back(ObjectRef{RefKind::kSequence, n, ""});
    if (d.kind == DropKind::kType) {
      drop_columns_with(schema, ObjectRef{RefKind::kType, n, ""});
      roots.push_back(ObjectRef{RefKind::kType, n, ""});
    }
  }
  if (roots.empty()) return;
  remove_dependents(schema, dependents(schema, roots, DependScope::kRelations));
  if (d.kind != DropKind::kTable) return;
  for (Table& t : schema.tables) {
    erase_if(t.constraints, [&](const Constraint& k) {
      return k.kind == ConstraintKind::kForeignKey &&
             std::any_of(d.names.begin(), d.names.end(),
                         [&](const QName& n) { return same_name(k.ref_table, n); });
    });
  }
}

void apply_drop(const Drop& d, Schema& schema, SourceLoc loc, Diagnostics& diags) {
  drop_cascaded(d, schema);
  for (size_t i = 0; i < d.names.size(); ++i) {
    const QName& n = d.names[i];
    bool found = false;
    switch (d.kind) {
      case DropKind::kTable:
        if (schema.is_temp(n)) {
          erase_if(schema.temp_tables, [&](const std::string& t) { return t == n.name; });
          found = true;
          break;
        }
        found = schema.table(n) != nullptr || schema.object(ObjectKind::kOther, qualified(n)) != nullptr;
        erase_if(schema.objects, [&](const TextObject& o) {
          return (!o.partition_of.name.empty() && same_name(o.partition_of, n)) ||
                 (o.kind == ObjectKind::kOther && o.key == qualified(n));
        });
        erase_if(schema.indexes, [&](const Index& x) { return same_name(x.table, n); });
        erase_if(schema.tables, [&](const Table& x) { return same_name(x.name, n); });
        erase_if(schema.objects, [&](const TextObject& o) {
          return !o.owner_table.name.empty() && same_name(o.owner_table, n);
        });
        erase_if(schema.objects, [&](const TextObject& o) {
          return o.kind == ObjectKind::kTrigger && o.key.rfind(qualified(canonical(n)) + ".", 0) == 0;
        });
        erase_if(schema.objects, [&](const TextObject& o) {  // policies on it
          return o.kind == ObjectKind::kOther && o.key.rfind("policy ", 0) == 0 && !o.relations.empty() &&
                 same_name(o.relations.front(), n);
        });
        break;
      case DropKind::kIndex:
        found = schema.index(n) != nullptr;
        if (const Index* dropped = schema.index(n); dropped != nullptr && d.cascade)
          drop_bound_foreign_keys(schema, dropped->table, candidate_set(*dropped), dropped->name);
        erase_if(schema.indexes, [&](const Index& x) {
          return x.name == n.name && same_name(QName{x.table.schema, ""}, QName{n.schema, ""});
        });
        break;
      case DropKind::kType:
        found = schema.enum_type(n) != nullptr || schema.object(ObjectKind::kOther, qualified(n)) != nullptr;
        erase_if(schema.enums, [&](const EnumType& e) { return same_name(e.name, n); });
        erase_if(schema.objects,
                 [&](const TextObject& o) { return o.kind == ObjectKind::kOther && o.key == qualified(n); });
        break;
      case DropKind::kFunction: {
        const std::string& key = d.keys[i];
        auto match = [&](const TextObject& o) { return function_matches(o, key); };
        found = std::any_of(schema.objects.begin(), schema.objects.end(), match);
        erase_if(schema.objects, match);
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
        found = schema.object(kind, d.keys[i]) != nullptr;
        erase_if(schema.objects, [&](const TextObject& o) { return o.kind == kind && o.key == d.keys[i]; });
        if (kind == ObjectKind::kMaterializedView) {
          erase_if(schema.indexes, [&](const Index& x) { return same_name(x.table, n); });
        }
        if (kind == ObjectKind::kSchema && d.cascade) {
          drop_schema_dependents(schema, d.keys[i]);
          drop_schema_contents(schema, d.keys[i]);
        }
        break;
      }
    }
    if (!found && !d.if_exists) missing(diags, loc, "\"" + display(n) + "\"");
  }
}

void apply_comment(const Comment& c, Schema& schema, SourceLoc loc, Diagnostics& diags) {
  std::optional<std::string>* slot = nullptr;
  switch (c.target) {
    case CommentTarget::kTable:
      if (Table* t = schema.table(c.object)) slot = &t->comment;
      break;
    case CommentTarget::kColumn:
      if (Table* t = schema.table(c.object)) {
        if (Column* col = t->column(c.column)) slot = &col->comment;
      }
      break;
    case CommentTarget::kIndex:
      if (Index* i = schema.index(c.object)) {
        slot = &i->comment;
      } else if (Constraint* k = schema.index_constraint(c.object)) {
        slot = &k->index_comment;
      }
      break;
    case CommentTarget::kType:
      if (EnumType* e = schema.enum_type(c.object)) slot = &e->comment;
      break;
    case CommentTarget::kConstraint:
      if (Table* t = schema.table(c.object)) {
        if (Constraint* k = t->constraint(c.column)) slot = &k->comment;
      }
      break;
    case CommentTarget::kObject:
      if (TextObject* o = schema.object(c.object_kind, c.object_key)) {
        slot = &o->comment;
        o->control_comment = false;
      }
      break;
    case CommentTarget::kOther: {
      erase_if(schema.other_comments, [&](const auto& kv) { return kv.first == c.other_key; });
      if (c.text) schema.other_comments.emplace_back(c.other_key, *c.text);
      return;
    }
  }
  if (slot == nullptr) return missing(diags, loc, "comment target \"" + display(c.object) + "\"");
  *slot = c.text;
}

}  // namespace

RelOptions* relation_options(Schema& schema, const SetRelationOptions& r) {
  if (r.target == OptionsTarget::kIndex) {
    if (Index* i = schema.index(r.name)) return &i->options;
    Constraint* k = schema.index_constraint(r.name);
    return k != nullptr ? &k->options : nullptr;
  }
  TextObject* o =
      schema.object(r.target == OptionsTarget::kView ? ObjectKind::kView : ObjectKind::kMaterializedView,
                    qualified(r.name));
  return o != nullptr ? &o->options : nullptr;
}

const RelOptions* relation_options(const Schema& schema, const SetRelationOptions& r) {
  return relation_options(const_cast<Schema&>(schema), r);
}

void apply_options(RelOptions& options, const SetOptions& change) {
  set_rel_options(options, change.set);
  reset_rel_options(options, change.reset);
}

void apply_cmd(const AlterCmd& cmd, const QName& table, Schema& schema, SourceLoc loc, Diagnostics& diags) {
  Table* t = schema.table(table);
  if (t == nullptr) return;
  std::visit(Overloaded{
                 [&](const AddColumn& a) {
                   if (t->column(a.column.name) != nullptr) {
                     if (!a.if_not_exists)
                       missing(diags, loc, "a new column \"" + a.column.name + "\" (it exists)");
                     return;
                   }
                   t->columns.push_back(a.column);
                   keep_default(t->columns.back());
                   add_serial_sequence(schema, table, t->columns.back());
                   for (const auto& k : a.constraints) add_constraint(*t, k, loc, schema.clock);
                 },
                 [&](const DropColumn& d) {
                   if (t->column(d.name) == nullptr) {
                     if (!d.if_exists) missing(diags, loc, "column \"" + d.name + "\"");
                     return;
                   }
                   if (d.cascade) drop_columns_with(schema, ObjectRef{RefKind::kColumn, table, d.name});
                   drop_column(schema, table, d.name, d.cascade);
                 },
                 [&](const AlterColumnType& a) {
                   Column* c = t->column(a.column);
                   if (c == nullptr) return missing(diags, loc, "column \"" + a.column + "\"");
                   pin_literal_default(*c, a.type);
                   c->type = a.type;
                   c->serial = false;
                   c->collation = a.collation;
                   c->storage.clear();  // the new type's own (ATExecAlterColumnType)
                   c->compression.clear();
                   for (Constraint& k : t->constraints) {
                     if (k.kind == ConstraintKind::kCheck && mentions(k.columns, a.column))
                       record_types(*t, k.columns, k.type_history, loc);
                   }
                   for (Index& i : schema.indexes) {
                     const bool kept = !i.type_history.empty() && same_name(i.table, table);
                     if (kept && mentions(i.columns, a.column))
                       record_types(*t, i.columns, i.type_history, loc);
                   }
                   restamp_rebuilt(schema, *t, a.column);
                 },
                 [&](const SetDefault& s) {
                   Column* c = t->column(s.column);
                   if (c == nullptr) return missing(diags, loc, "column \"" + s.column + "\"");
                   c->default_sql = s.expr;
                   keep_default(*c);
                   // The owned sequence stays when the default goes; the column is serial again
                   // exactly when its default is that sequence's nextval once more.
                   c->serial = serial_now(schema, t->name, *c);
                 },
                 [&](const SetNotNull& s) {
                   Column* c = t->column(s.column);
                   if (c == nullptr) return missing(diags, loc, "column \"" + s.column + "\"");
                   c->not_null = s.not_null;
                 },
                 [&](const AddConstraint& a) {
                   Constraint k = a.constraint;
                   if (!k.using_index.empty()) {
                     // PostgreSQL takes the index over: it becomes the constraint's index.
                     const Index* idx = schema.index(QName{canonical(table).schema, k.using_index});
                     if (idx != nullptr) {
                       k.keys = idx->columns;
                       k.columns = idx->columns;
                       k.from_index.push_back(*idx);
                       k.created = idx->created;
                       k.index_comment = idx->comment;
                       k.options = k.written_options = idx->options;
                       erase_if(schema.indexes, [&](const Index& x) {
                         return x.name == k.using_index &&
                                same_name(QName{x.table.schema, ""}, QName{table.schema, ""});
                       });
                       t = schema.table(table);
                     }
                   }
                   add_constraint(*t, k, loc, schema.clock);
                 },
                 [&](const DropConstraint& d) {
                   const Constraint* k = t->constraint(d.name);
                   if (k == nullptr && !d.if_exists) missing(diags, loc, "constraint \"" + d.name + "\"");
                   // The foreign keys bound to this key go too; those bound to an older key over the
                   // same columns stay.
                   if (k != nullptr && d.cascade)
                     drop_bound_foreign_keys(schema, table, candidate_set(*k), k->name);
                   erase_if(t->constraints, [&](const Constraint& x) { return x.name == d.name; });
                 },
                 [&](const ValidateConstraint& v) {
                   Constraint* k = t->constraint(v.name);
                   if (k == nullptr) return missing(diags, loc, "constraint \"" + v.name + "\"");
                   k->validated = true;
                 },
                 [&](const AlterConstraint& a) {
                   Constraint* k = t->constraint(a.name);
                   if (k == nullptr) return missing(diags, loc, "constraint \"" + a.name + "\"");
                   k->deferrable = a.deferrable;
                   k->initially_deferred = a.initially_deferred;
                   k->plain = k->plain && !k->deferrable;  // sequelize's addConstraint has no deferral
                 },
                 [&](const AddIdentity& a) {
                   Column* c = t->column(a.column);
                   if (c == nullptr) return missing(diags, loc, "column \"" + a.column + "\"");
                   c->identity = a.when;
                   c->identity_options = a.options;
                   c->identity_items = a.items;
                   c->not_null = true;
                   add_serial_sequence(schema, table, *c);
                 },
                 [&](const DropIdentity& d) {
                   Column* c = t->column(d.column);
                   if (c == nullptr) return missing(diags, loc, "column \"" + d.column + "\"");
                   if (c->identity) {
                     erase_if(schema.objects, [&](const TextObject& o) {
                       return o.kind == ObjectKind::kSequence && same_name(o.owner_table, table) &&
                              o.owner_column == d.column;
                     });
                   }
                   c->identity = 0;
                   c->identity_options.clear();
                   c->identity_items.clear();
                 },
                 [&](const SetIdentity& s) {
                   Column* c = t->column(s.column);
                   if (c == nullptr) return missing(diags, loc, "column \"" + s.column + "\"");
                   if (s.generated) c->identity = s.generated;
                 },
                 [&](const SetLogged& s) { t->unlogged = !s.logged; },
                 [&](const SetColumnAttribute& a) {
                   Column* c = t->column(a.column);
                   if (c == nullptr) return missing(diags, loc, "column \"" + a.column + "\"");
                   column_attribute(*c, a.what) = a.value;
                 },
                 [&](const SetRowSecurity& s) { t->row_security = s.enable; },
                 [&](const SetReplicaIdentity& r) {
                   t->replica_identity = r.kind;
                   t->replica_index = r.index;
                 },
                 [&](const SetTriggerState& st) {
                   bool found = st.name.empty();
                   for (TextObject& o : schema.objects) {
                     if (o.kind != ObjectKind::kTrigger || !on_table(o, table)) continue;
                     if (!st.name.empty() && o.key != trigger_key(table, st.name)) continue;
                     o.trigger_state = st.state;
                     found = true;
                   }
                   if (st.all) t->internal_triggers = st.state;
                   if (!found) missing(diags, loc, "trigger \"" + st.name + "\"");
                 },
                 [&](const SetOptions& o) { apply_options(t->options, o); },
                 [&](const SetCluster& c) {
                   bool found = c.index.empty();
                   for (Index& i : schema.indexes) {
                     if (!same_name(i.table, table)) continue;
                     i.clustered = i.name == c.index;
                     found = found || i.clustered;
                   }
                   for (Constraint& k : t->constraints) {
                     k.clustered = k.name == c.index && k.kind != ConstraintKind::kCheck &&
                                   k.kind != ConstraintKind::kForeignKey;
                     found = found || k.clustered;
                   }
                   if (!found)
                     missing(diags, loc, "index \"" + c.index + "\" of table \"" + display(table) + "\"");
                 },
                 [&](const UnsupportedCmd&) {},
             },
             cmd);
}

void apply(const Statement& written, Schema& schema, Diagnostics& diags) {
  const std::optional<Statement> named = with_chosen_names(written, schema);
  const Statement& stmt = named ? *named : written;
  const SourceLoc loc = stmt.loc;
  std::visit(Overloaded{
                 [&](const CreateTable& c) {
                   if (schema.table(c.name) != nullptr) {
                     if (!c.if_not_exists)
                       missing(diags, loc, "a new table \"" + display(c.name) + "\" (it exists)");
                     return;
                   }
                   Table t;
                   t.name = c.name;
                   t.columns = c.columns;
                   t.unlogged = c.unlogged;
                   t.partition_by = c.partition_by;
                   t.options = c.options;
                   for (Column& col : t.columns) {
                     keep_default(col);
                     add_serial_sequence(schema, c.name, col);
                   }
                   for (const auto& k : c.constraints) add_constraint(t, k, loc, schema.clock);
                   schema.tables.push_back(std::move(t));
                 },
                 [&](const AlterTable& a) {
                   if (schema.table(a.table) == nullptr) {
                     if (!a.if_exists) missing(diags, loc, "table \"" + display(a.table) + "\"");
                     return;
                   }
                   for (const AlterCmd& cmd : a.cmds) apply_cmd(cmd, a.table, schema, loc, diags);
                 },
                 [&](const Rename& r) { apply_rename(r, schema, loc, diags); },
                 [&](const SetSchema& m) { apply_set_schema(m, schema, loc, diags); },
                 [&](const CreateIndex& c) {
                   if (schema.index(QName{c.index.table.schema, c.index.name}) != nullptr) {
                     if (!c.if_not_exists)
                       missing(diags, loc, "a new index \"" + c.index.name + "\" (it exists)");
                     return;
                   }
                   const Table* t = schema.table(c.index.table);
                   const bool matview =
                       schema.object(ObjectKind::kMaterializedView, qualified(c.index.table)) != nullptr;
                   if (t == nullptr && !matview)
                     return missing(diags, loc, "table \"" + display(c.index.table) + "\"");
                   if (t != nullptr) {
                     for (const auto& col : c.index.columns) {
                       if (t->column(col) == nullptr) {
                         // Point at the column where the statement names it, as PostgreSQL would.
                         SourceLoc at = loc;
                         const size_t pos = stmt.sql.find(quote_ident(col));
                         if (pos != std::string::npos) at.offset += static_cast<uint32_t>(pos + 1);
                         return missing(diags, at,
                                        "column \"" + col + "\" of table \"" + display(t->name) + "\"");
                       }
                     }
                   }
                   schema.indexes.push_back(c.index);
                   Index& i = schema.indexes.back();
                   i.created = ++schema.clock;
                   i.type_history.clear();
                   if (t != nullptr && i.keys.empty()) record_types(*t, i.columns, i.type_history, loc);
                 },
                 [&](const Drop& d) { apply_drop(d, schema, loc, diags); },
                 [&](const CreateEnum& c) {
                   if (schema.enum_type(c.type.name) != nullptr)
                     return missing(diags, loc, "a new type (it exists)");
                   schema.enums.push_back(c.type);
                 },
                 [&](const AlterEnumAddValue& a) {
                   EnumType* e = schema.enum_type(a.type);
                   if (e == nullptr) return missing(diags, loc, "type \"" + display(a.type) + "\"");
                   if (mentions(e->labels, a.value)) return;
                   auto at = e->labels.end();
                   if (!a.neighbor.empty()) {
                     at = std::find(e->labels.begin(), e->labels.end(), a.neighbor);
                     if (at != e->labels.end() && !a.before) ++at;
                   }
                   e->labels.insert(at, a.value);
                 },
                 [&](const AlterEnumRenameValue& r) { apply_rename_value(r, schema, loc, diags); },
                 [&](const SetRelationOptions& r) {
                   RelOptions* options = relation_options(schema, r);
                   if (options == nullptr) {
                     if (!r.if_exists) missing(diags, loc, "\"" + display(r.name) + "\"");
                     return;
                   }
                   for (const SetOptions& change : r.changes) apply_options(*options, change);
                 },
                 [&](const AlterFunction& a) {
                   TextObject* it = schema.function(a.key);
                   if (it == nullptr) return missing(diags, loc, "function " + a.key);
                   it->alters.push_back(stmt.sql);
                 },
                 // An object the model keeps no owner of (a domain, an extension's function) is reported by
                 // plan_alter_owner; one PostgreSQL does not have, by the statements that use it.
                 [&](const AlterOwner& a) { apply_alter_owner(a, schema); },
                 [&](const AlterSequence& a) {
                   TextObject* o = schema.object(ObjectKind::kSequence, qualified(a.name));
                   if (o == nullptr) {
                     if (!a.if_exists) missing(diags, loc, "sequence \"" + display(a.name) + "\"");
                     return;
                   }
                   for (const auto& [name, clause] : a.options) {
                     auto it = std::find_if(o->seq_options.begin(), o->seq_options.end(),
                                            [&option = name](const auto& kv) { return kv.first == option; });
                     if (it == o->seq_options.end()) {
                       o->seq_options.emplace_back(name, clause);
                     } else {
                       it->second = clause;
                     }
                   }
                   if (a.owner_table) {
                     o->owner_table = *a.owner_table;
                     o->owner_column = a.owner_column;
                   }
                   o->create_sql = sequence_create_sql(*o);
                 },
                 [&](const CreateObject& c) {
                   TextObject* existing = schema.object(c.object.kind, c.object.key);
                   TextObject created = c.object;
                   shape_view(created, schema);
                   find_enum_constants(created, schema);
                   if (existing != nullptr) {
                     if (c.if_not_exists) return;
                     if (!c.or_replace)
                       return missing(diags, loc, "a new object " + c.object.key + " (it exists)");
                     const auto comment = existing->comment;
                     const auto acl = existing->acl;  // OR REPLACE keeps the privileges, as the comment
                     auto column_acls = existing->column_acls;
                     std::string owner = existing->owner;  // and the owner
                     *existing = std::move(created);
                     existing->comment = comment;
                     existing->acl = acl;
                     existing->column_acls = std::move(column_acls);
                     existing->owner = std::move(owner);
                     return;
                   }
                   schema.objects.push_back(std::move(created));
                 },
                 [&](const Comment& c) { apply_comment(c, schema, loc, diags); },
                 [&](const Grant& g) { apply_grant(g, schema); },
                 [&](const DataChange& d) {
                   if (d.refresh_populates && d.target) {
                     if (TextObject* v = schema.object(ObjectKind::kMaterializedView, qualified(*d.target))) {
                       v->populated = *d.refresh_populates;
                       v->stale = false;
                     }
                     return;
                   }
                   mark_stale_matviews(schema, d.target);
                 },
                 [&](const CreateTempTable& t) { schema.temp_tables.push_back(t.name); },
                 [&](const DoBlock& d) { run_do_block(d, schema, diags); },
                 [&](const NoSchemaEffect&) {},
                 [&](const TransactionControl&) {},
                 [&](const Unsupported&) {},
             },
             stmt.kind);
}

}  // namespace p2s
