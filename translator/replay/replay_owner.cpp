#include "replay/replay_owner.h"

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

static OwnedObject text_object(TextObject& o) {
  return {&o.owner, owner_target(o), &o.acl, grant_target_of(o)};
}

std::string role_name(const std::string& owner) {
  // A quoted name as quote_ident writes it; CURRENT_USER, CURRENT_ROLE, SESSION_USER are bare.
  if (owner.size() < 2 || owner.front() != '"') return {};
  std::string out;
  for (size_t i = 1; i + 1 < owner.size(); ++i) {
    out += owner[i];
    if (owner[i] == '"') ++i;  // "" stands for "
  }
  return out;
}

std::string owner_name(const AclTarget& t, const Schema& schema) {
  switch (t.holder) {
    case AclTarget::Holder::kTable:
      if (const Table* table = schema.table(t.name)) return role_name(table->owner);
      return {};
    case AclTarget::Holder::kEnum:
      if (const EnumType* e = schema.enum_type(t.name)) return role_name(e->owner);
      return {};
    case AclTarget::Holder::kObject:
      if (const TextObject* o = schema.object(t.object_kind, t.key)) return role_name(o->owner);
      return {};
    default:
      return {};  // a column: its table's owner has no implicit privileges on it
  }
}

OwnedObject owned_object(const AlterOwner& a, Schema& schema) {
  switch (a.kind) {
    case OwnedKind::kRelation: {
      if (Table* t = schema.table(a.name)) {
        const std::string target = "TABLE " + sql_table(t->name);
        return {&t->owner, target, &t->acl, target};
      }
      // ALTER TABLE may name a view or a sequence too, as ALTER VIEW / SEQUENCE do.
      for (ObjectKind kind : {ObjectKind::kView, ObjectKind::kMaterializedView, ObjectKind::kSequence}) {
        if (TextObject* o = schema.object(kind, qualified(a.name))) return text_object(*o);
      }
      return {};
    }
    case OwnedKind::kType: {
      if (EnumType* e = schema.enum_type(a.name)) {
        const std::string target = "TYPE " + sql_table(e->name);
        return {&e->owner, target, &e->acl, target};
      }
      return {};
    }
    case OwnedKind::kFunction: {
      if (TextObject* f = schema.function(a.key)) return text_object(*f);
      return {};
    }
    case OwnedKind::kSchema: {
      if (TextObject* o = schema.object(ObjectKind::kSchema, a.name.name)) return text_object(*o);
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
  if (const std::string name = role_name(a.role); !name.empty() && owned.acl != nullptr && *owned.acl)
    (*owned.acl)->erase(name);
  if (a.kind == OwnedKind::kRelation) {
    if (const Table* t = schema.table(a.name)) {
      for (TextObject& o : schema.objects) {
        if (o.kind == ObjectKind::kSequence && same_name(o.owner_table, t->name)) o.owner = a.role;
      }
    }
  }
  return true;
}

std::string sql_owner(const std::string& target, const std::string& role) {
  return "ALTER " + target + " OWNER TO " + (role.empty() ? "CURRENT_USER" : role);
}

}  // namespace p2s
