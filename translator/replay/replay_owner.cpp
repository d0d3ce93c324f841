#include "replay/replay_owner.h"

#include <algorithm>

#include "model/render_sql.h"

namespace p2s {

std::string owner_target(const TextObject& o) {
  switch (o.kind) {
    case ObjectKind::kView:
      return "VIEW " + o.key;
    case ObjectKind::kMaterializedView:
      return "MATERIALIZED VIEW " + o.key;
    case ObjectKind::kSequence:
      return "SEQUENCE " + o.key;
    case ObjectKind::kFunction:
      return "ROUTINE " + o.key;  // a function or a procedure
    case ObjectKind::kSchema:
      return "SCHEMA " + quote_ident(o.key);
    default:
      return {};
  }
}

OwnedObject owned_object(const AlterOwner& a, Schema& schema) {
  switch (a.kind) {
    case OwnedKind::kRelation: {
      if (Table* t = schema.table(a.name)) return {&t->owner, "TABLE " + sql_table(t->name)};
      // ALTER TABLE may name a view or a sequence too, as ALTER VIEW / SEQUENCE do.
      for (ObjectKind kind : {ObjectKind::kView, ObjectKind::kMaterializedView, ObjectKind::kSequence}) {
        if (TextObject* o = schema.object(kind, qualified(a.name))) return {&o->owner, owner_target(*o)};
      }
      return {};
    }
    case OwnedKind::kType: {
      if (EnumType* e = schema.enum_type(a.name)) return {&e->owner, "TYPE " + sql_table(e->name)};
      return {};
    }
    case OwnedKind::kFunction: {
      auto it = std::find_if(schema.objects.begin(), schema.objects.end(), [&](const TextObject& o) {
        return o.kind == ObjectKind::kFunction && function_matches(o, a.key);
      });
      if (it == schema.objects.end()) return {};
      return {&it->owner, owner_target(*it)};
    }
    case OwnedKind::kSchema: {
      if (TextObject* o = schema.object(ObjectKind::kSchema, a.name.name))
        return {&o->owner, owner_target(*o)};
      return {};
    }
  }
  return {};
}

OwnedObject owned_object(const AlterOwner& a, const Schema& schema) {
  return owned_object(a, const_cast<Schema&>(schema));
}

bool apply_alter_owner(const AlterOwner& a, Schema& schema) {
  const OwnedObject owned = owned_object(a, schema);
  if (owned.owner == nullptr) return false;
  *owned.owner = a.role;
  if (a.kind == OwnedKind::kRelation) {
    if (const Table* t = schema.table(a.name)) {
      for (TextObject& o : schema.objects) {
        if (o.kind == ObjectKind::kSequence && !o.owner_table.name.empty() &&
            canonical(o.owner_table).schema == canonical(t->name).schema &&
            o.owner_table.name == t->name.name)
          o.owner = a.role;
      }
    }
  }
  return true;
}

std::string sql_owner(const std::string& target, const std::string& role) {
  return "ALTER " + target + " OWNER TO " + (role.empty() ? "CURRENT_USER" : role);
}

}  // namespace p2s
