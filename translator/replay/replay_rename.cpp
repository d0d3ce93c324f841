// Replaying renames and SET SCHEMA: every stored definition that names the renamed object (indexes,
// constraints, foreign keys of other tables, views, generated columns, owned sequences) follows.
#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

#include "base/suffix.h"
#include "model/depend.h"
#include "replay/replay.h"
#include "replay/replay_internal.h"

namespace p2s {
namespace {

// One definition's map of original column name -> current name, after `from` becomes `to`.
void rename_in_column_map(ColumnMap& renames, const std::string& from, const std::string& to) {
  for (auto it = renames.begin(); it != renames.end(); ++it) {
    if (it->second == from) {
      it->second = to;
      if (it->first == to) renames.erase(it);  // renamed back: as written again
      return;
    }
  }
  if (renames.count(from) == 0) renames[from] = to;
}

// A view's references bound to table `t` follow the rename of its column, and only they.
void rename_bound_column(TextObject& o, const Table& t, const std::string& from, const std::string& to) {
  std::vector<std::string> keys;
  auto note = [&](const QName& relation) {
    if (relation.name.empty() || !same_name(o.current_relation(relation), t.name)) return;
    if (!mentions(keys, relation_key(relation))) keys.push_back(relation_key(relation));
  };
  for (const ColumnBinding& b : o.bindings.refs) note(b.relation);
  for (const StarExpansion& star : o.stars) {
    for (const QName& relation : star.relations) note(relation);
  }
  for (const std::string& key : keys) {
    ColumnMap& renames = o.bindings.renames[key];
    rename_in_column_map(renames, from, to);
    if (renames.empty()) o.bindings.renames.erase(key);
  }
}

// A serial column is recreated as SERIAL, which names its sequence after table and column: after a
// rename the existing sequence keeps its old name, so the column becomes a plain one with a default.
// (And a rename back makes it serial again.)
void resync_serial(const Schema& schema, Table& t) {
  for (Column& c : t.columns) c.serial = serial_now(schema, t.name, c);
}

// PostgreSQL keeps a default's sequence by its oid: nextval('old') follows a rename of the sequence,
// and a serial column whose sequence no longer has the serial name is a plain column with a default.
void rename_sequence_in_defaults(Schema& schema, const QName& from, const QName& to) {
  const std::vector<std::string> calls = nextval_calls(from);
  const std::string replacement = quote_literal(to.schema == "public" ? quote_ident(to.name) : qualified(to));
  // A call written without quotes (nextval('seq')) stays so where the new name allows it: a move
  // back then gives the text as written.
  const std::string bare_replacement =
      bare_identifier(to.name) && (to.schema == "public" || bare_identifier(to.schema))
          ? quote_literal(to.schema == "public" ? to.name : to.schema + "." + to.name)
          : replacement;
  // A spelling with the schema names the sequence from a table of any schema; one without, only from
  // a table of the sequence's schema.
  const std::string schema_dot = canonical(from).schema + ".",
                    quoted_schema_dot = quote_ident(canonical(from).schema) + ".";
  auto with_schema = [&](const std::string& call) {
    return call.find(schema_dot) != std::string::npos || call.find(quoted_schema_dot) != std::string::npos;
  };
  for (Table& t : schema.tables) {
    const bool same_schema = canonical(t.name).schema == canonical(from).schema;
    for (Column& c : t.columns) {
      if (!c.default_sql) continue;
      for (const std::string& call : calls) {
        if (!same_schema && !with_schema(call)) continue;
        const size_t at = c.default_sql->find(call);
        if (at != std::string::npos) {
          const bool bare = call.size() > 9 && call[9] != '"';  // nextval('seq' or nextval('s.seq'
          c.default_sql->replace(at + 8, call.size() - 8, bare ? bare_replacement : replacement);
          break;
        }
      }
    }
    resync_serial(schema, t);
  }
}

void rename_column(Schema& schema, Table& t, const std::string& from, const std::string& to) {
  if (Column* c = t.column(from)) c->name = to;
  resync_serial(schema, t);
  for (TextObject& o : schema.objects) {
    if (same_name(o.owner_table, t.name) && o.owner_column == from) o.owner_column = to;
  }
  for (Constraint& k : t.constraints) {
    rename_in_map(k.renames, k.columns, from, to);
    for (Index& i : k.from_index) rename_in_map(i.renames, i.columns, from, to);
  }
  for (Column& c : t.columns) {
    if (c.is_generated()) rename_in_map(c.generated_renames, c.generated_columns, from, to);
  }
  for (Index& i : schema.indexes) {
    if (same_name(i.table, t.name)) rename_in_map(i.renames, i.columns, from, to);
  }
  for (Table& other : schema.tables) {
    for (Constraint& k : other.constraints) {
      if (k.kind == ConstraintKind::kForeignKey && same_name(k.ref_table, t.name)) {
        rename_in_map(k.ref_renames, k.ref_columns, from, to);
      }
    }
  }
  // Views that read the table: the references bound to it follow (rename_bound_column); the others
  // too, unless another relation the view reads has a column of the same name (then which relation
  // they read cannot be told, and they are left as written).
  for (TextObject& o : schema.objects) {
    if (!o.node || std::none_of(o.relations.begin(), o.relations.end(),
                                [&](const QName& r) { return same_name(r, t.name); })) {
      continue;
    }
    const bool ambiguous = std::any_of(o.relations.begin(), o.relations.end(), [&](const QName& r) {
      const Table* other = schema.table(r);
      return !same_name(r, t.name) && other != nullptr && other->column(from) != nullptr;
    });
    if (!ambiguous) rename_in_map(o.renames, o.columns, from, to);
    rename_bound_column(o, t, from, to);
  }
}

// Where the qualifier ending at `dot` (the '.' before a name) starts: a quoted or a bare identifier.
size_t qualifier_start(const std::string& text, size_t dot) {
  size_t i = dot;
  if (i > 0 && text[i - 1] == '"') {
    for (i -= 2; i != std::string::npos && i < text.size(); --i) {
      if (text[i] != '"') continue;
      if (i > 0 && text[i - 1] == '"') {
        --i;  // a doubled quote inside the identifier
        continue;
      }
      return i;
    }
    return 0;
  }
  while (i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) != 0 || text[i - 1] == '_' ||
                   text[i - 1] == '$'))
    --i;
  return i;
}

// PostgreSQL keeps a cast's type by its oid: a default that names the type follows its rename or move
// (ALTER TYPE ... SET SCHEMA), written as the deparser writes it (a lower-case name bare, a type in
// public unqualified), so a type renamed or moved back reads as written.
void follow_type_in_defaults(Schema& schema, const QName& from, const QName& to) {
  auto ident = [](const std::string& n) { return bare_identifier(n) ? n : quote_ident(n); };
  const std::string target = canonical(to).schema;
  const bool moved = canonical(from).schema != target;
  const std::string name = ident(to.name);
  for (Table& t : schema.tables) {
    for (Column& c : t.columns) {
      if (!c.default_sql) continue;
      std::string& text = *c.default_sql;
      const std::vector<TextSpan> spans = type_name_spans(text, from.name);
      for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
        size_t at = it->at;
        if (at > 0 && text[at - 1] == '.') {  // qualified: only by the type's own schema
          const size_t q = qualifier_start(text, at - 1);
          const std::string qualifier = text.substr(q, at - 1 - q);
          if (qualifier != ident(canonical(from).schema) && qualifier != quote_ident(canonical(from).schema))
            continue;
          if (moved) at = q;
        }
        const std::string replacement = moved && target != "public" ? ident(target) + "." + name : name;
        text.replace(at, it->at + it->size - at, replacement);
      }
    }
  }
}

// The type names of a node-kept definition that name type `from` now name `to` (ALTER TYPE ... RENAME
// TO or SET SCHEMA): PostgreSQL keeps a type by its oid, so a view's or CHECK's cast follows it.
void follow_type_names(PgNode node, const QName& from, const QName& to, OidNames& names) {
  for (const TypeNameRef& ref : type_name_refs(node)) {
    if (!same_name(type_name_now(ref, names), from)) continue;
    if (to.name == ref.written.name)
      names.erase(ref.name);  // renamed back: as written again
    else
      names[ref.name] = to.name;
    if (same_schema(QName{ref.written.schema, ""}, to))
      names.erase(ref.type);
    else
      names[ref.type] = canonical(to).schema;
  }
}

// Everything that names enum type `from` by its oid names `to` now: columns of the type, defaults,
// and the casts, enum constants and type lists of definitions.
void follow_type(Schema& schema, const QName& from, const QName& to) {
  for (Table& t : schema.tables) {
    for (Column& c : t.columns) {
      if (c.type.is_user_type() && same_name(c.type.user_type, from)) c.type.user_type = to;
    }
  }
  follow_type_in_defaults(schema, from, to);
  for (TextObject& o : schema.objects) {
    for (EnumConstant& c : o.enum_constants) {
      if (same_name(c.type, from)) c.type = to;
    }
    for (QName& n : o.types) {
      if (same_name(n, from)) n = to;
    }
    if (o.node) follow_type_names(o.node, from, to, o.type_names);
    rekey_function(o);
  }
  for (Table& t : schema.tables) {
    for (Constraint& k : t.constraints) follow_type_names(k.node, from, to, k.labels);
  }
  for (Index& i : schema.indexes) follow_type_names(i.node, from, to, i.labels);
}

// A trigger's or policy's identity names its table: DROP TRIGGER ... ON the new name must find it.
void rekey_table_member(TextObject& o, const QName& from, const QName& to) {
  const std::string old_key = qualified(canonical(from)) + ".", new_key = qualified(canonical(to)) + ".";
  const std::string lead = o.kind == ObjectKind::kTrigger ? "" : "policy ";
  if (o.key.rfind(lead + old_key, 0) == 0)
    o.key = lead + new_key + o.key.substr(lead.size() + old_key.size());
  swap_suffix(o.drop_sql, " ON " + qualified(from), " ON " + qualified(to));
  swap_suffix(o.comment_target, " ON " + qualified(from), " ON " + qualified(to));
  if (!o.node && !o.relations.empty()) o.relations.front() = to;
}

// A definition kept as a parse node is rendered with the relation's current name (and schema, after
// SET SCHEMA); renamed back to the name and schema it was written with, it renders as written.
void record_relation_rename(TextObject& o, const QName& from, const QName& to) {
  const bool moved = canonical(from).schema != canonical(to).schema;  // ALTER ... SET SCHEMA
  for (auto it = o.relation_renames.begin(); it != o.relation_renames.end(); ++it) {
    if (it->second.name != from.name) continue;
    it->second.name = to.name;
    if (moved) it->second.schema = canonical(to).schema;
    const std::string& origin = o.relation_origins[it->first];
    if (it->first == to.name && (it->second.schema.empty() || it->second.schema == origin)) {
      o.relation_origins.erase(it->first);  // back under its original name and schema: as written
      o.relation_renames.erase(it);
    }
    return;
  }
  o.relation_renames[from.name] = QName{moved ? canonical(to).schema : "", to.name};
  o.relation_origins[from.name] = canonical(from).schema;
}

// Everything that names a relation (a table, a view, a materialized view) follows its rename: its
// triggers and policies, the views, rules and policies that read it, what it owns, its indexes, and
// the foreign keys that reference it. The edges of the dependency graph (depend.h) are these names.
void rename_relation(Schema& schema, const QName& from, const QName& to) {
  for (TextObject& o : schema.objects) {
    if (is_table_member(o, from)) rekey_table_member(o, from, to);
  }
  for (TextObject& o : schema.objects) {
    if (!o.node) continue;
    bool reads = false;
    for (QName& r : o.relations) {
      if (same_name(r, from)) {
        r = to;
        reads = true;
      }
    }
    if (reads) record_relation_rename(o, from, to);
  }
  for (TextObject& o : schema.objects) {
    if (!o.owner_table.name.empty() && same_name(o.owner_table, from)) o.owner_table = to;
  }
  for (Index& i : schema.indexes) {
    if (same_name(i.table, from)) i.table = to;
  }
  for (Table& other : schema.tables) {
    for (Constraint& k : other.constraints) {
      if (k.kind == ConstraintKind::kForeignKey && same_name(k.ref_table, from)) k.ref_table = to;
    }
  }
}

void rename_table(Schema& schema, Table& t, const QName& to) {
  rename_relation(schema, t.name, to);
  t.name = to;
  resync_serial(schema, t);
}

// A view, materialized view or sequence renamed or moved to another schema (`to`).
void move_object(RenameKind rename_kind, const QName& from, const QName& to, Schema& schema, SourceLoc loc,
                 Diagnostics& diags) {
  const ObjectKind kind = rename_kind == RenameKind::kView               ? ObjectKind::kView
                          : rename_kind == RenameKind::kMaterializedView ? ObjectKind::kMaterializedView
                                                                         : ObjectKind::kSequence;
  TextObject* o = schema.object(kind, qualified(from));
  if (o == nullptr) return missing(diags, loc, "\"" + display(from) + "\"");
  o->key = qualified(to);
  if (!o->name.name.empty()) o->name = to;
  o->drop_sql = o->drop_sql.substr(0, o->drop_sql.size() - qualified(from).size()) + qualified(to);
  swap_suffix(o->comment_target, qualified(from), o->key);
  if (kind == ObjectKind::kSequence) {
    o->create_sql = sequence_create_sql(*o);
    rename_sequence_in_defaults(schema, canonical(from), to);
    return;
  }
  // A view is recreated under its new name (its own name is a relation of its parse node), and
  // what reads it or hangs on it follows.
  if (o->node) record_relation_rename(*o, canonical(from), to);
  rename_relation(schema, canonical(from), to);
}

}  // namespace

bool rename_target_exists(const Rename& r, const Schema& schema) {
  switch (r.kind) {
    case RenameKind::kTable:
      return schema.table(r.object) != nullptr;
    case RenameKind::kColumn:
      return schema.table(r.object) != nullptr && schema.table(r.object)->column(r.sub) != nullptr;
    case RenameKind::kIndex:
      if (schema.index(r.object) != nullptr) return true;
      for (const Table& t : schema.tables) {
        for (const Constraint& k : t.constraints) {
          if (k.name == r.object.name && canonical(t.name).schema == canonical(r.object).schema) return true;
        }
      }
      return false;
    case RenameKind::kConstraint: {
      const Table* t = schema.table(r.object);
      return t != nullptr && std::any_of(t->constraints.begin(), t->constraints.end(),
                                         [&](const Constraint& k) { return k.name == r.sub; });
    }
    case RenameKind::kType:
      return schema.enum_type(r.object) != nullptr;
    case RenameKind::kView:
      return schema.object(ObjectKind::kView, qualified(r.object)) != nullptr;
    case RenameKind::kMaterializedView:
      return schema.object(ObjectKind::kMaterializedView, qualified(r.object)) != nullptr;
    case RenameKind::kSequence:
      return schema.object(ObjectKind::kSequence, qualified(r.object)) != nullptr;
    case RenameKind::kTrigger:
      return schema.object(ObjectKind::kTrigger, trigger_key(r.object, r.sub)) != nullptr;
  }
  return false;
}

void apply_rename(const Rename& r, Schema& schema, SourceLoc loc, Diagnostics& diags) {
  if (r.if_exists && !rename_target_exists(r, schema)) return;
  switch (r.kind) {
    case RenameKind::kTable: {
      Table* t = schema.table(r.object);
      if (t == nullptr) return missing(diags, loc, "table \"" + display(r.object) + "\"");
      rename_table(schema, *t, QName{canonical(r.object).schema, r.to});
      return;
    }
    case RenameKind::kColumn: {
      Table* t = schema.table(r.object);
      if (t == nullptr || t->column(r.sub) == nullptr) {
        return missing(diags, loc, "column \"" + r.sub + "\" of \"" + display(r.object) + "\"");
      }
      rename_column(schema, *t, r.sub, r.to);
      return;
    }
    case RenameKind::kIndex: {
      for (Table& t : schema.tables) {  // a replica identity names its index by oid
        if (canonical(t.name).schema == canonical(r.object).schema && t.replica_index == r.object.name)
          t.replica_index = r.to;
      }
      if (Index* i = schema.index(r.object)) {
        i->name = r.to;
        return;
      }
      for (Table& t : schema.tables) {
        if (canonical(t.name).schema != canonical(r.object).schema) continue;
        if (Constraint* k = t.constraint(r.object.name)) {
          k->name = r.to;
          return;
        }
      }
      return missing(diags, loc, "index \"" + display(r.object) + "\"");
    }
    case RenameKind::kConstraint: {
      Table* t = schema.table(r.object);
      Constraint* k = t == nullptr ? nullptr : t->constraint(r.sub);
      if (k == nullptr) return missing(diags, loc, "constraint \"" + r.sub + "\"");
      if (t->replica_index == k->name) t->replica_index = r.to;
      k->name = r.to;
      return;
    }
    case RenameKind::kType: {
      EnumType* e = schema.enum_type(r.object);
      if (e == nullptr) return missing(diags, loc, "type \"" + display(r.object) + "\"");
      const QName to{canonical(r.object).schema, r.to};
      follow_type(schema, e->name, to);
      e->name = to;
      return;
    }
    case RenameKind::kView:
    case RenameKind::kMaterializedView:
    case RenameKind::kSequence:
      return move_object(r.kind, r.object, QName{canonical(r.object).schema, r.to}, schema, loc, diags);
    case RenameKind::kTrigger: {
      TextObject* o = schema.object(ObjectKind::kTrigger, trigger_key(r.object, r.sub));
      if (o == nullptr) return missing(diags, loc, "trigger \"" + r.sub + "\"");
      const std::string on = " ON " + qualified(canonical(r.object));
      o->key = trigger_key(r.object, r.to);
      if (o->written_name.empty()) o->written_name = r.sub;
      o->renamed_to = r.to == o->written_name ? "" : r.to;  // renamed back: as written again
      o->drop_sql = "DROP TRIGGER " + quote_ident(r.to) + on;
      o->comment_target = "TRIGGER " + quote_ident(r.to) + on;
      return;
    }
  }
}

// The enum constants of an index or CHECK on `t` that name the label `r.from` now name `r.to`. They
// are typed by the columns as they are now: PostgreSQL analyzes the definition again when a type
// changes.
void rename_constants(PgNode node, const ColumnMap& renames, const Table& t, const Schema& schema,
                      const EnumType& e, const AlterEnumRenameValue& r, OidNames& labels) {
  std::map<const void*, std::string> columns;
  for (const auto& [ref, column] : column_refs(node)) {
    auto it = renames.find(column);
    columns[ref] = it == renames.end() ? column : it->second;
  }
  const EnumTypes types =
      enum_types(schema, [&](const void* ref) -> std::optional<std::pair<QName, std::string>> {
        auto it = columns.find(ref);
        if (it == columns.end()) return std::nullopt;
        return std::pair(t.name, it->second);
      });
  for (const EnumConstant& c : enum_constants(node, types)) {
    if (!same_name(c.type, e.name)) continue;
    auto it = labels.find(c.constant);
    const std::string now = it == labels.end() ? c.written : it->second;
    if (std::string renamed = rename_label(now, c.array, r.from, r.to); renamed != now)
      labels[c.constant] = std::move(renamed);
  }
}

// PostgreSQL keeps a label by its oid: a column default that is the renamed label follows it.
void apply_rename_value(const AlterEnumRenameValue& r, Schema& schema, SourceLoc loc, Diagnostics& diags) {
  EnumType* e = schema.enum_type(r.type);
  if (e == nullptr) return missing(diags, loc, "type \"" + display(r.type) + "\"");
  std::replace(e->labels.begin(), e->labels.end(), r.from, r.to);
  for (TextObject& o : schema.objects) {
    for (EnumConstant& c : o.enum_constants) {
      if (same_name(c.type, e->name)) c.label = rename_label(c.label, c.array, r.from, r.to);
    }
  }
  // Indexes and CHECK constraints over a column of the type (arrays too), or that cast a constant
  // to it: their string constants that are the label follow it, as PostgreSQL's stored expression
  // holds the label's oid.
  for (Table& t : schema.tables) {
    std::vector<std::string> typed;
    for (const Column& c : t.columns) {
      if (c.type.is_user_type() && same_name(c.type.user_type, e->name)) typed.push_back(c.name);
    }
    auto names_type = [&](const std::vector<std::string>& columns, PgNode node, const OidNames& labels) {
      return std::any_of(columns.begin(), columns.end(),
                         [&](const std::string& c) { return mentions(typed, c); }) ||
             definition_names_type(node, labels, e->name);
    };
    for (Constraint& k : t.constraints) {
      if (k.kind == ConstraintKind::kCheck && names_type(k.columns, k.node, k.labels))
        rename_constants(k.node, k.renames, t, schema, *e, r, k.labels);
    }
    for (Index& i : schema.indexes) {
      if (same_name(i.table, t.name) && names_type(i.columns, i.node, i.labels))
        rename_constants(i.node, i.renames, t, schema, *e, r, i.labels);
    }
  }
  // A default of a column of the type (arrays too), or any default that casts to it: its literals
  // that are the label follow it.
  const std::string from = quote_literal(r.from), to = quote_literal(r.to);
  for (Table& t : schema.tables) {
    for (Column& c : t.columns) {
      if (!c.default_sql) continue;
      const bool typed = c.type.is_user_type() && same_name(c.type.user_type, e->name);
      if (!typed && !default_names_type(c, e->name)) continue;
      std::string& text = *c.default_sql;
      for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + 1)) {
        const size_t end = at + from.size();
        if ((at > 0 && text[at - 1] == '\'') || (end < text.size() && text[end] == '\'')) continue;
        text.replace(at, from.size(), to);
        at += to.size() - 1;
      }
    }
  }
}

void apply_set_schema(const SetSchema& m, Schema& schema, SourceLoc loc, Diagnostics& diags) {
  const QName to{m.to, m.object.name};
  if (m.kind != RenameKind::kTable && m.kind != RenameKind::kType)
    return move_object(m.kind, m.object, to, schema, loc, diags);
  if (m.kind == RenameKind::kType) {
    EnumType* e = schema.enum_type(m.object);
    if (e == nullptr) return missing(diags, loc, "type \"" + display(m.object) + "\"");
    follow_type(schema, e->name, to);
    e->name = to;
    return;
  }
  Table* t = schema.table(m.object);
  if (t == nullptr) return missing(diags, loc, "table \"" + display(m.object) + "\"");
  std::vector<std::string> serial;
  for (const Column& c : t->columns) {
    if (c.serial) serial.push_back(c.name);
  }
  // Owned sequences move with the table, and every default that calls one follows it (a column that
  // is no longer serial, once retyped, keeps its nextval() default too).
  std::vector<std::pair<QName, QName>> moved;
  for (TextObject& o : schema.objects) {
    if (o.kind != ObjectKind::kSequence || o.owner_table.name.empty() || !same_name(o.owner_table, m.object))
      continue;
    const std::string name = o.key.substr(o.key.find("\".\"") + 3, o.key.size() - o.key.find("\".\"") - 4);
    moved.emplace_back(QName{canonical(m.object).schema, name}, QName{m.to, name});
    o.key = qualified(QName{m.to, name});
    o.drop_sql = "DROP SEQUENCE " + o.key;
    o.comment_target = "SEQUENCE " + o.key;
    o.create_sql = sequence_create_sql(o);
  }
  for (const auto& [from, into] : moved) rename_sequence_in_defaults(schema, from, into);
  rename_table(schema, *t, to);
  // Owned sequences moved along: serial columns stay serial, their default now names the new schema.
  for (Column& c : t->columns) {
    if (mentions(serial, c.name)) {
      c.serial = true;
      c.default_sql = serial_default(t->name, c.name);
    }
  }
}

bool mentions(const std::vector<std::string>& columns, const std::string& column) {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

void rename_in_map(ColumnMap& renames, std::vector<std::string>& columns, const std::string& from,
                   const std::string& to) {
  if (!mentions(columns, from)) return;
  std::replace(columns.begin(), columns.end(), from, to);
  rename_in_column_map(renames, from, to);
}

}  // namespace p2s
