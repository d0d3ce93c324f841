#include "model/depend.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace p2s {

bool ObjectRef::operator==(const ObjectRef& o) const {
  return kind == o.kind && same_name(name, o.name) && sub == o.sub;
}

namespace {

bool is_view(const TextObject& o) {
  return o.kind == ObjectKind::kView || o.kind == ObjectKind::kMaterializedView;
}
bool is_policy(const TextObject& o) {
  return o.kind == ObjectKind::kOther && o.key.rfind("policy ", 0) == 0;
}
bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}
bool names(const std::vector<QName>& v, const QName& x) {
  return std::any_of(v.begin(), v.end(), [&](const QName& n) { return same_name(n, x); });
}
// Whether a column default (kept as text) calls function `f`: its name, quoted or (where it may
// be) not, right before a parenthesis.
bool default_calls(const Column& c, const QName& f) {
  if (!c.default_sql || c.serial) return false;
  const std::string& sql = *c.default_sql;
  for (const std::string& name : {f.name, "\"" + f.name + "\""}) {
    const std::string call = name + "(";
    for (size_t at = sql.find(call); at != std::string::npos; at = sql.find(call, at + 1)) {
      const char before = at == 0 ? ' ' : sql[at - 1];
      const bool in_word = std::isalnum(static_cast<unsigned char>(before)) || before == '_' || before == '$';
      if (!in_word && (before != '"' || name[0] == '"')) return true;
    }
  }
  return false;
}
bool reads(const TextObject& o, const QName& rel) {
  return names(o.relations, rel);
}
// Whether a view reads column `column` (its name now) of `table`: through a column a USING join
// merges, a reference bound to that relation (pg_view.h), a star's column of it, or a reference bound
// to no relation whose name is `column` now. A view with a star not expanded reads every column.
// PostgreSQL's view depends on exactly the columns it reads, so a column of the same name of another
// relation it reads is not one.
bool view_reads_column(const TextObject& o, const QName& table, const std::string& column) {
  if (!o.stars_complete) return true;
  auto of_table = [&](const QName& written, const std::string& c) {
    return !written.name.empty() && same_name(o.current_relation(written), table) &&
           o.current_column(written, c) == column;
  };
  // A JOIN ... USING (or NATURAL) compares the merged column of every relation it joins, whichever
  // side's column the view then shows (a RIGHT JOIN shows the right one's): it reads them all.
  for (const UsingPin& pin : o.bindings.pins) {
    for (const std::string& c : pin.columns) {
      if (of_table(pin.relation, c)) return true;
    }
  }
  if (!has(o.columns, column)) return false;
  if (!o.node) return true;
  std::vector<const void*> bound;
  for (const ColumnBinding& b : o.bindings.refs) {
    if (of_table(b.relation, b.column)) return true;
    bound.push_back(b.ref);
  }
  for (const StarExpansion& star : o.stars) {
    for (size_t k = 0; k < star.columns.size() && k < star.relations.size(); ++k) {
      if (of_table(star.relations[k], star.columns[k].second)) return true;
    }
  }
  for (const auto& [ref, name] : column_refs(o.node)) {
    if (std::find(bound.begin(), bound.end(), ref) != bound.end()) continue;
    if ((o.renames.count(name) != 0 ? o.renames.at(name) : name) == column) return true;
  }
  return false;
}

class Walk {
 public:
  Walk(const Schema& s, DependScope scope) : s_(s), scope_(scope) {}
  std::vector<Dependent> found;

  void visit(const ObjectRef& root) {
    std::vector<ObjectRef> queue{root};
    while (!queue.empty()) {
      const ObjectRef ref = queue.back();
      queue.pop_back();
      for (Dependent& d : direct(ref)) {
        if (std::any_of(found.begin(), found.end(), [&](const Dependent& f) { return f.ref == d.ref; }))
          continue;
        if (d.ref.kind == RefKind::kView || d.ref.kind == RefKind::kFunction ||
            d.ref.kind == RefKind::kColumn)
          queue.push_back(d.ref);
        found.push_back(d);
      }
    }
  }

 private:
  const Schema& s_;
  DependScope scope_;

  // The columns that go with `ref` (DependScope::kColumns).
  std::vector<Dependent> columns(const ObjectRef& ref) {
    std::vector<Dependent> out;
    for (const Table& t : s_.tables) {
      for (const Column& c : t.columns) {
        const bool goes = ref.kind == RefKind::kType
                              ? c.type.is_user_type() && same_name(c.type.user_type, ref.name)
                              : ref.kind == RefKind::kColumn && same_name(t.name, ref.name) &&
                                    c.is_generated() && has(c.generated_columns, ref.sub);
        if (goes)
          out.push_back(
              Dependent{ObjectRef{RefKind::kColumn, t.name, c.name}, nullptr, nullptr, nullptr, &c});
      }
    }
    return out;
  }

  std::vector<Dependent> direct(const ObjectRef& ref) {
    if (scope_ == DependScope::kColumns) return columns(ref);
    std::vector<Dependent> out;
    auto view = [&](const TextObject& o) {
      out.push_back(Dependent{ObjectRef{RefKind::kView, o.name, ""}, &o});
    };
    switch (ref.kind) {
      case RefKind::kTable:
      case RefKind::kView:
        for (const TextObject& o : s_.objects) {
          if (is_view(o) && reads(o, ref.name) && !same_name(o.name, ref.name)) view(o);
        }
        break;
      case RefKind::kColumn:
        for (const TextObject& o : s_.objects) {
          if (is_view(o) && reads(o, ref.name) && view_reads_column(o, ref.name, ref.sub)) view(o);
        }
        if (scope_ != DependScope::kExpressions) break;
        for (const TextObject& o : s_.objects) {
          if ((o.kind == ObjectKind::kTrigger || is_policy(o)) && on_table(o, ref.name) &&
              has(o.columns, ref.sub)) {
            const RefKind k = o.kind == ObjectKind::kTrigger ? RefKind::kTrigger : RefKind::kPolicy;
            out.push_back(Dependent{ObjectRef{k, ref.name, o.key}, &o});
          }
        }
        if (const Table* t = s_.table(ref.name)) {
          for (const Constraint& k : t->constraints) {
            if (k.kind == ConstraintKind::kCheck && has(k.columns, ref.sub))
              out.push_back(Dependent{ObjectRef{RefKind::kConstraint, t->name, k.name}, nullptr, &k});
          }
        }
        for (const Index& i : s_.indexes) {
          if (same_name(i.table, ref.name) && has(i.columns, ref.sub))
            out.push_back(Dependent{ObjectRef{RefKind::kIndex, i.table, i.name}, nullptr, nullptr, &i});
        }
        break;
      case RefKind::kType:
        for (const TextObject& o : s_.objects) {
          if (is_view(o) && names(o.types, ref.name)) view(o);
          if (o.kind == ObjectKind::kFunction && names(o.types, ref.name))
            out.push_back(Dependent{ObjectRef{RefKind::kFunction, o.name, o.key}, &o});
          // A trigger's WHEN or a policy's expression that casts to the type, whatever it reads.
          if ((o.kind == ObjectKind::kTrigger || is_policy(o)) && !o.relations.empty() &&
              definition_names_type(o.node, o.type_names, ref.name)) {
            const RefKind k = o.kind == ObjectKind::kTrigger ? RefKind::kTrigger : RefKind::kPolicy;
            out.push_back(Dependent{ObjectRef{k, o.relations.front(), o.key}, &o});
          }
        }
        for (const Table& t : s_.tables) {  // so do a CHECK's
          for (const Constraint& k : t.constraints) {
            if (k.kind == ConstraintKind::kCheck && definition_names_type(k.node, k.labels, ref.name))
              out.push_back(Dependent{ObjectRef{RefKind::kConstraint, t.name, k.name}, nullptr, &k});
          }
        }
        for (const Index& i : s_.indexes) {  // and an index's expressions or predicate
          if (definition_names_type(i.node, i.labels, ref.name))
            out.push_back(Dependent{ObjectRef{RefKind::kIndex, i.table, i.name}, nullptr, nullptr, &i});
        }
        for (const Table& t : s_.tables) {
          for (const Column& c : t.columns) {
            if (c.type.is_user_type() && same_name(c.type.user_type, ref.name)) {
              for (Dependent& d : direct(ObjectRef{RefKind::kColumn, t.name, c.name})) out.push_back(d);
            } else if (default_names_type(c, ref.name)) {  // a column of another type whose default names it
              out.push_back(
                  Dependent{ObjectRef{RefKind::kDefault, t.name, c.name}, nullptr, nullptr, nullptr, &c});
            }
          }
        }
        break;
      case RefKind::kFunction:
        for (const TextObject& o : s_.objects) {
          if (is_view(o) && names(o.functions, ref.name)) view(o);
          if (o.kind == ObjectKind::kTrigger && names(o.functions, ref.name))
            out.push_back(Dependent{ObjectRef{RefKind::kTrigger, o.relations.front(), o.key}, &o});
          if (is_policy(o) && !o.relations.empty() && calls_function(o.node, ref.name))
            out.push_back(Dependent{ObjectRef{RefKind::kPolicy, o.relations.front(), o.key}, &o});
        }
        for (const Table& t : s_.tables) {  // a CHECK that calls it, a column default
          for (const Constraint& k : t.constraints) {
            if (k.kind == ConstraintKind::kCheck && calls_function(k.node, ref.name))
              out.push_back(Dependent{ObjectRef{RefKind::kConstraint, t.name, k.name}, nullptr, &k});
          }
          for (const Column& c : t.columns) {
            if (default_calls(c, ref.name))
              out.push_back(
                  Dependent{ObjectRef{RefKind::kDefault, t.name, c.name}, nullptr, nullptr, nullptr, &c});
          }
        }
        for (const Index& i : s_.indexes) {  // an index's expressions or predicate
          if (calls_function(i.node, ref.name))
            out.push_back(Dependent{ObjectRef{RefKind::kIndex, i.table, i.name}, nullptr, nullptr, &i});
        }
        break;
      case RefKind::kSequence:
        for (const Table& t : s_.tables) {
          for (const Column& c : t.columns) {
            if (default_uses_sequence(t.name, c, ref.name))
              out.push_back(
                  Dependent{ObjectRef{RefKind::kDefault, t.name, c.name}, nullptr, nullptr, nullptr, &c});
          }
        }
        break;
      case RefKind::kDefault:
      case RefKind::kTrigger:
      case RefKind::kPolicy:
      case RefKind::kConstraint:
      case RefKind::kIndex:
        break;  // nothing in the model depends on these
    }
    return out;
  }
};

// Creation order: columns (in table order: a generated column after those it reads), functions (in
// the model's order), views after the views they read (ties keep the model's order), then the
// objects on tables (triggers, policies, CHECK constraints, indexes), which read no view.
std::vector<Dependent> creation_order(const Schema& s, std::vector<Dependent> found) {
  auto position = [&](const Dependent& d) -> size_t {
    if (d.object != nullptr) return static_cast<size_t>(d.object - s.objects.data());
    return SIZE_MAX;
  };
  auto column_position = [&](const Dependent& d) -> std::pair<size_t, size_t> {
    const Table* t = s.table(d.ref.name);
    if (t == nullptr || d.column == nullptr) return {SIZE_MAX, SIZE_MAX};
    return {static_cast<size_t>(t - s.tables.data()), static_cast<size_t>(d.column - t->columns.data())};
  };
  std::vector<Dependent> columns;
  for (const Dependent& d : found) {
    if (d.ref.kind == RefKind::kColumn) columns.push_back(d);
  }
  std::erase_if(found, [](const Dependent& d) { return d.ref.kind == RefKind::kColumn; });
  std::stable_sort(columns.begin(), columns.end(), [&](const Dependent& a, const Dependent& b) {
    return column_position(a) < column_position(b);
  });
  std::stable_sort(found.begin(), found.end(), [&](const Dependent& a, const Dependent& b) {
    const bool av = a.ref.kind == RefKind::kView, bv = b.ref.kind == RefKind::kView;
    if (av != bv) return av;
    return av && position(a) < position(b);
  });
  std::vector<Dependent> functions, views, rest;
  for (Dependent& d : found) {
    (d.ref.kind == RefKind::kView ? views : d.ref.kind == RefKind::kFunction ? functions : rest).push_back(d);
  }
  std::stable_sort(functions.begin(), functions.end(),
                   [&](const Dependent& a, const Dependent& b) { return position(a) < position(b); });
  // Kahn's algorithm over the "reads" edges among the views found.
  std::vector<Dependent> ordered = columns;
  ordered.insert(ordered.end(), functions.begin(), functions.end());
  std::vector<bool> placed(views.size(), false);
  for (size_t round = 0; round < views.size(); ++round) {
    for (size_t i = 0; i < views.size(); ++i) {
      if (placed[i]) continue;
      bool ready = true;
      for (size_t j = 0; j < views.size() && ready; ++j) {
        if (j != i && !placed[j] && reads(*views[i].object, views[j].ref.name)) ready = false;
      }
      if (ready) {
        placed[i] = true;
        ordered.push_back(views[i]);
        break;
      }
    }
  }
  for (size_t i = 0; i < views.size(); ++i) {
    if (!placed[i]) ordered.push_back(views[i]);  // a cycle cannot exist in PostgreSQL; keep them anyway
  }
  ordered.insert(ordered.end(), rest.begin(), rest.end());
  return ordered;
}

}  // namespace

bool calls_function(PgNode node, const QName& f) {
  return names(function_call_names(node), f);
}

bool on_table(const TextObject& o, const QName& table) {
  return !o.relations.empty() && same_name(o.relations.front(), table);
}

std::vector<Dependent> dependents(const Schema& schema, const std::vector<ObjectRef>& roots,
                                  DependScope scope) {
  Walk walk(schema, scope);
  for (const ObjectRef& r : roots) walk.visit(r);
  std::vector<Dependent> out;
  for (Dependent& d : walk.found) {
    if (std::none_of(roots.begin(), roots.end(), [&](const ObjectRef& r) { return r == d.ref; }))
      out.push_back(d);
  }
  return creation_order(schema, std::move(out));
}

std::vector<ObjectRef> schema_members(const Schema& schema, const std::string& name) {
  auto inside = [&](const QName& q) { return canonical(q).schema == name; };
  std::vector<ObjectRef> out;
  for (const Table& t : schema.tables) {
    if (inside(t.name)) out.push_back(ObjectRef{RefKind::kTable, t.name, ""});
  }
  for (const EnumType& e : schema.enums) {
    if (inside(e.name)) out.push_back(ObjectRef{RefKind::kType, e.name, ""});
  }
  for (const TextObject& o : schema.objects) {
    if (o.name.name.empty() || !inside(o.name)) continue;
    if (is_view(o)) out.push_back(ObjectRef{RefKind::kView, o.name, ""});
    if (o.kind == ObjectKind::kFunction) out.push_back(ObjectRef{RefKind::kFunction, o.name, o.key});
  }
  return out;
}

bool is_table_member(const TextObject& o, const QName& table) {
  return (o.kind == ObjectKind::kTrigger || is_policy(o)) && on_table(o, table);
}

std::vector<const TextObject*> table_members(const Schema& schema, const QName& table) {
  std::vector<const TextObject*> out;
  for (const TextObject& o : schema.objects) {
    if (is_table_member(o, table)) out.push_back(&o);
  }
  return out;
}

std::optional<std::vector<std::string>> relation_columns(const Schema& schema, const QName& name) {
  if (const Table* t = schema.table(name)) {
    std::vector<std::string> out;
    for (const Column& c : t->columns) out.push_back(c.name);
    return out;
  }
  for (const TextObject& o : schema.objects) {
    if (is_view(o) && same_name(o.name, name) && o.stars_complete && !o.output_columns.empty())
      return o.output_columns;
  }
  return std::nullopt;
}

std::vector<std::string> relation_column_types(const Schema& schema, const QName& name) {
  std::vector<std::string> out;
  if (const Table* t = schema.table(name)) {
    for (const Column& c : t->columns) {
      std::string type = c.type.is_user_type() ? display(c.type.user_type) : c.type.base;
      if (!c.type.mods.empty()) {
        std::string mods;
        for (const auto mod : c.type.mods) mods += (mods.empty() ? "" : ",") + std::to_string(mod);
        type += "(" + mods + ")";
      }
      for (int d = 0; d < c.type.array_dims; ++d) type += "[]";
      out.push_back(std::move(type));
    }
  }
  return out;
}

}  // namespace p2s
