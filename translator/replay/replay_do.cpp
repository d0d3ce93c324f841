// Replaying DO blocks: their catalog tests are answered by the model (what PostgreSQL's catalogs
// would say at that point of the history).
#include "replay/replay_do.h"

#include <algorithm>
#include <utility>

#include "replay/replay.h"

namespace p2s {
namespace {

std::string value(const CatalogTest& t, std::initializer_list<const char*> columns) {
  for (const auto& [c, v] : t.equals) {
    for (const char* name : columns) {
      if (c == name) return v;
    }
  }
  return {};
}

bool any_relation(const Schema& s, const std::string& name) {
  if (name.empty()) return false;
  for (const Table& t : s.tables) {
    if (t.name.name == name) return true;
  }
  for (const Index& i : s.indexes) {
    if (i.name == name) return true;
  }
  for (const TextObject& o : s.objects) {
    if (!o.name.name.empty() && o.name.name == name) return true;
    if (o.kind == ObjectKind::kSequence && o.key.size() >= name.size() + 2 &&
        o.key.compare(o.key.size() - name.size() - 2, name.size() + 2, "\"" + name + "\"") == 0)
      return true;
  }
  for (const Table& t : s.tables) {  // indexes behind primary key and unique constraints
    for (const Constraint& k : t.constraints) {
      if (k.name == name && (k.kind == ConstraintKind::kPrimaryKey || k.kind == ConstraintKind::kUnique ||
                             k.kind == ConstraintKind::kExclusion))
        return true;
    }
  }
  return false;
}

bool exists(const CatalogTest& t, const Schema& s) {
  const std::string& c = t.catalog;
  if (c == "pg_constraint") {
    const std::string name = value(t, {"conname"});
    const std::string table = value(t, {"relname", "conrelid"});
    for (const Table& tb : s.tables) {
      if (!table.empty() && tb.name.name != table) continue;
      for (const Constraint& k : tb.constraints) {
        if (k.name == name) return true;
      }
    }
    return false;
  }
  if (c == "pg_type") {
    const std::string name = value(t, {"typname"});
    for (const EnumType& e : s.enums) {
      if (e.name.name == name) return true;
    }
    for (const TextObject& o : s.objects) {
      if (o.kind == ObjectKind::kOther && o.key == quote_ident(name)) return true;
    }
    return any_relation(s, name);  // every relation has a row type
  }
  if (c == "pg_class") return any_relation(s, value(t, {"relname"}));
  if (c == "pg_indexes" || c == "pg_index") {
    const std::string name = value(t, {"indexname", "relname"});
    for (const Index& i : s.indexes) {
      if (i.name == name) return true;
    }
    return any_relation(s, name) && std::none_of(s.tables.begin(), s.tables.end(),
                                                 [&](const Table& tb) { return tb.name.name == name; });
  }
  if (c == "columns" || c == "pg_attribute") {
    const std::string table = value(t, {"table_name", "attrelid", "relname"});
    const std::string column = value(t, {"column_name", "attname"});
    for (const Table& tb : s.tables) {
      if (tb.name.name == table && tb.column(column) != nullptr) return true;
    }
    return false;
  }
  if (c == "tables" || c == "pg_tables") {
    const std::string table = value(t, {"table_name", "tablename"});
    return std::any_of(s.tables.begin(), s.tables.end(),
                       [&](const Table& tb) { return tb.name.name == table; });
  }
  if (c == "pg_views") return any_relation(s, value(t, {"viewname"}));
  if (c == "pg_extension") return s.object(ObjectKind::kExtension, value(t, {"extname"})) != nullptr;
  if (c == "pg_namespace") {
    const std::string name = value(t, {"nspname"});
    return name == "public" || s.object(ObjectKind::kSchema, name) != nullptr;
  }
  if (c == "pg_trigger") {
    const std::string name = "\"" + value(t, {"tgname"}) + "\"";
    return std::any_of(s.objects.begin(), s.objects.end(), [&](const TextObject& o) {
      return o.kind == ObjectKind::kTrigger && o.key.size() >= name.size() &&
             o.key.compare(o.key.size() - name.size(), name.size(), name) == 0;
    });
  }
  if (c == "pg_policy") {
    const std::string name = "\"" + value(t, {"polname"}) + "\"";
    return std::any_of(s.objects.begin(), s.objects.end(), [&](const TextObject& o) {
      return o.key.rfind("policy ", 0) == 0 && o.key.size() >= name.size() &&
             o.key.compare(o.key.size() - name.size(), name.size(), name) == 0;
    });
  }
  if (c == "pg_enum") {
    const std::string label = value(t, {"enumlabel"});
    return std::any_of(s.enums.begin(), s.enums.end(),
                       [&](const EnumType& e) { return mentions(e.labels, label); });
  }
  return false;
}

bool holds(const DoCondition& c, const Schema& schema) {
  switch (c.op) {
    case DoCondition::Op::kExists:
      return exists(c.test, schema);
    case DoCondition::Op::kAnd:
      return std::all_of(c.args.begin(), c.args.end(),
                         [&](const DoCondition& a) { return holds(a, schema); });
    case DoCondition::Op::kOr:
      return std::any_of(c.args.begin(), c.args.end(),
                         [&](const DoCondition& a) { return holds(a, schema); });
    case DoCondition::Op::kNot:
      return !c.args.empty() && !holds(c.args.front(), schema);
  }
  return false;
}

}  // namespace

bool DoBlockRun::applies(size_t part, const Schema& schema) {
  // The IFs reached before this part are evaluated now, once: on the schema as the parts before
  // left it.
  for (size_t c = 0; c < block_.ifs.size(); ++c) {
    if (!values_[c] && block_.ifs[c].before <= part) values_[c] = holds(block_.ifs[c].condition, schema);
  }
  const std::vector<DoGuard>& guards = block_.parts.at(part).guards;
  return std::all_of(guards.begin(), guards.end(),
                     [&](const DoGuard& g) { return values_.at(g.condition) == g.holds; });
}

bool part_succeeds(const DoPart& part, const Schema& schema) {
  if (part.kind != DoPartKind::kUnlessFails) return true;
  // The block's own subtransaction: an error undoes all of it and the handler swallows the error.
  Schema scratch = schema;
  Diagnostics local;
  for (const Statement& st : *part.statements) apply(st, scratch, local);
  return local.all().empty();
}

namespace {

// Applies a part that runs. An EXCEPTION block's part is all or nothing: it is applied to a copy,
// which replaces the schema only when none of its statements raised. Returns whether it took effect.
bool apply_part(const DoPart& part, Schema& schema, Diagnostics& diags) {
  if (part.kind != DoPartKind::kUnlessFails) {
    for (const Statement& st : *part.statements) apply(st, schema, diags);
    return true;
  }
  Schema scratch = schema;
  Diagnostics local;
  for (const Statement& st : *part.statements) apply(st, scratch, local);
  if (!local.all().empty()) return false;
  schema = std::move(scratch);
  return true;
}

}  // namespace

std::vector<const Statement*> run_do_block(const DoBlock& block, Schema& schema, Diagnostics& diags) {
  std::vector<const Statement*> ran;
  DoBlockRun run(block);
  for (size_t i = 0; i < block.parts.size(); ++i) {
    const DoPart& part = block.parts[i];
    if (!run.applies(i, schema) || !apply_part(part, schema, diags)) continue;
    for (const Statement& st : *part.statements) ran.push_back(&st);
  }
  return ran;
}

}  // namespace p2s
