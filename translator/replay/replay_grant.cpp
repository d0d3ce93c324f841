// GRANT and REVOKE follow PostgreSQL's ExecGrant_* (aclchk.c): ALL stands for the privileges of the
// object's kind; a privilege the kind does not have is ignored (a sequence named by GRANT ... ON
// TABLE); REVOKE of a table privilege that columns also have takes it from every column too.
#include "replay/replay_grant.h"

#include <algorithm>

#include "model/render_sql.h"
#include "replay/replay_owner.h"

namespace p2s {
namespace {

bool in_schema(const std::string& key, const std::string& schema) {
  return key.rfind(quote_ident(schema) + ".", 0) == 0;
}

bool relation_kind(ObjectKind k) {
  return k == ObjectKind::kView || k == ObjectKind::kMaterializedView;
}

AclTarget object_target(const TextObject& o) {
  AclTarget t;
  t.holder = AclTarget::Holder::kObject;
  t.kind = acl_kind_of(o);
  t.object_kind = o.kind;
  t.key = o.key;
  t.sql = grant_target_of(o);
  return t;
}

AclTarget table_target(const Table& table) {
  AclTarget t;
  t.holder = AclTarget::Holder::kTable;
  t.name = table.name;
  t.sql = "TABLE " + sql_table(table.name);
  return t;
}

// The relations GRANT ... ON TABLE / SEQUENCE names, or ALL TABLES / SEQUENCES IN SCHEMA finds.
void relation_targets(const Grant& g, const Schema& schema, std::vector<AclTarget>& out,
                      std::vector<std::string>* unresolved) {
  const bool sequences = g.on == GrantOn::kSequence;
  for (const std::string& s : g.all_in) {
    if (!sequences) {
      for (const Table& t : schema.tables) {
        if (canonical(t.name).schema == s) out.push_back(table_target(t));
      }
    }
    for (const TextObject& o : schema.objects) {
      const bool wanted =
          sequences ? o.kind == ObjectKind::kSequence : relation_kind(o.kind) || !o.partition_of.name.empty();
      if (wanted && in_schema(o.key, s)) out.push_back(object_target(o));
    }
  }
  for (const QName& n : g.objects) {
    const std::string key = qualified(canonical(n));
    if (schema.is_temp(n)) continue;
    if (const Table* t = schema.table(n); t != nullptr && !sequences) {
      out.push_back(table_target(*t));
      continue;
    }
    const size_t found = out.size();
    for (const TextObject& o : schema.objects) {
      if (o.key != key || grant_target_of(o).empty()) continue;
      if (sequences ? o.kind == ObjectKind::kSequence : o.kind != ObjectKind::kFunction)
        out.push_back(object_target(o));
    }
    if (out.size() == found && unresolved != nullptr) unresolved->push_back(display(n));
  }
}

}  // namespace

std::string grant_target_of(const TextObject& o) {
  switch (o.kind) {
    case ObjectKind::kView:
    case ObjectKind::kMaterializedView:
      return "TABLE " + o.key;
    case ObjectKind::kSequence:
      return "SEQUENCE " + o.key;
    case ObjectKind::kFunction:
      return "ROUTINE " + o.key;
    case ObjectKind::kSchema:
      return "SCHEMA " + quote_ident(o.key);
    case ObjectKind::kOther:  // a partition; domains and composite types are not modelled
      return o.partition_of.name.empty() ? "" : "TABLE " + o.key;
    default:
      return "";
  }
}

AclKind acl_kind_of(const TextObject& o) {
  switch (o.kind) {
    case ObjectKind::kSequence:
      return AclKind::kSequence;
    case ObjectKind::kFunction:
      return AclKind::kFunction;
    case ObjectKind::kSchema:
      return AclKind::kSchema;
    case ObjectKind::kOther:
      return o.partition_of.name.empty() ? AclKind::kType : AclKind::kTable;
    default:
      return AclKind::kTable;
  }
}

std::vector<AclTarget> grant_targets(const Grant& g, const Schema& schema,
                                     std::vector<std::string>* unresolved) {
  std::vector<AclTarget> out;
  switch (g.on) {
    case GrantOn::kTable:
    case GrantOn::kSequence:
      relation_targets(g, schema, out, unresolved);
      break;
    case GrantOn::kFunction:
      for (const std::string& s : g.all_in) {
        for (const TextObject& o : schema.objects) {
          if (o.kind == ObjectKind::kFunction && in_schema(o.key, s)) out.push_back(object_target(o));
        }
      }
      for (const std::string& key : g.functions) {
        const size_t found = out.size();
        for (const TextObject& o : schema.objects) {
          if (function_matches(o, key)) out.push_back(object_target(o));
        }
        if (out.size() == found && unresolved != nullptr) unresolved->push_back("FUNCTION " + key);
      }
      break;
    case GrantOn::kSchema:
      for (const QName& n : g.objects) {
        if (const TextObject* o = schema.object(ObjectKind::kSchema, n.name)) {
          out.push_back(object_target(*o));
        } else if (unresolved != nullptr) {
          unresolved->push_back("SCHEMA " + quote_ident(n.name));
        }
      }
      break;
    case GrantOn::kType:
      for (const QName& n : g.objects) {
        if (const EnumType* e = schema.enum_type(n)) {
          AclTarget t;
          t.holder = AclTarget::Holder::kEnum;
          t.kind = AclKind::kType;
          t.name = e->name;
          t.sql = "TYPE " + sql_table(e->name);
          out.push_back(std::move(t));
        } else if (unresolved != nullptr) {
          unresolved->push_back("TYPE " + display(n));
        }
      }
      break;
  }
  // Column privileges: one target per column named, after its table's.
  std::vector<AclTarget> with_columns;
  for (AclTarget& t : out) {
    with_columns.push_back(t);
    const Table* table = t.holder == AclTarget::Holder::kTable ? schema.table(t.name) : nullptr;
    const TextObject* view = t.holder == AclTarget::Holder::kObject && t.kind == AclKind::kTable
                                 ? schema.object(t.object_kind, t.key)
                                 : nullptr;
    if (table == nullptr && view == nullptr) continue;
    std::vector<std::string> columns;
    for (const GrantPrivilege& p : g.privileges) {
      for (const std::string& c : p.columns) {
        if (std::find(columns.begin(), columns.end(), c) == columns.end()) columns.push_back(c);
      }
    }
    // REVOKE of a table privilege also takes it from the columns that have it.
    const bool table_revoke =
        !g.grant && std::any_of(g.privileges.begin(), g.privileges.end(),
                                [](const GrantPrivilege& p) { return p.columns.empty(); });
    std::vector<std::string> targets;  // the columns named, and those a table REVOKE reaches
    if (table != nullptr) {
      for (const Column& c : table->columns) {
        const bool named = std::find(columns.begin(), columns.end(), c.name) != columns.end();
        if (named || (table_revoke && c.acl)) targets.push_back(c.name);
      }
    } else {
      for (const std::string& c : view->output_columns) {
        const bool named = std::find(columns.begin(), columns.end(), c) != columns.end();
        if (named || (table_revoke && view->column_acls.count(c))) targets.push_back(c);
      }
    }
    for (const std::string& c : targets) {
      AclTarget ct = t;
      ct.holder = table != nullptr ? AclTarget::Holder::kColumn : AclTarget::Holder::kObjectColumn;
      ct.kind = AclKind::kColumn;
      ct.column = c;
      with_columns.push_back(std::move(ct));
    }
  }
  return with_columns;
}

std::optional<Acl>* acl_of(const AclTarget& t, Schema& schema) {
  switch (t.holder) {
    case AclTarget::Holder::kTable:
      if (Table* table = schema.table(t.name)) return &table->acl;
      return nullptr;
    case AclTarget::Holder::kColumn:
      if (Table* table = schema.table(t.name)) {
        if (Column* c = table->column(t.column)) return &c->acl;
      }
      return nullptr;
    case AclTarget::Holder::kEnum:
      if (EnumType* e = schema.enum_type(t.name)) return &e->acl;
      return nullptr;
    case AclTarget::Holder::kObject:
      if (TextObject* o = schema.object(t.object_kind, t.key)) return &o->acl;
      return nullptr;
    case AclTarget::Holder::kObjectColumn:
      if (TextObject* o = schema.object(t.object_kind, t.key)) return &o->column_acls[t.column];
      return nullptr;
  }
  return nullptr;
}

const std::optional<Acl>* acl_of(const AclTarget& t, const Schema& schema) {
  if (t.holder == AclTarget::Holder::kObjectColumn) {
    static const std::optional<Acl> kNone;
    const TextObject* o = schema.object(t.object_kind, t.key);
    if (o == nullptr) return nullptr;
    const auto it = o->column_acls.find(t.column);
    return it == o->column_acls.end() ? &kNone : &it->second;
  }
  return acl_of(t, const_cast<Schema&>(schema));
}

void apply_grant_to(const Grant& g, const AclTarget& t, std::optional<Acl>& acl) {
  const bool column = t.holder == AclTarget::Holder::kColumn || t.holder == AclTarget::Holder::kObjectColumn;
  for (const GrantPrivilege& p : g.privileges) {
    // Column privileges go to the columns named; a table's privileges to the table, and (REVOKE) to
    // every column as well.
    const bool names_column = std::find(p.columns.begin(), p.columns.end(), t.column) != p.columns.end();
    if (column ? !(names_column || (p.columns.empty() && !g.grant)) : !p.columns.empty()) continue;
    std::vector<std::string> privileges{p.name};
    if (p.name.empty()) privileges = acl_privileges(t.kind);
    for (const std::string& privilege : privileges) {
      for (const std::string& grantee : g.grantees) {
        if (g.grant) {
          acl_grant(acl, t.kind, grantee, privilege, g.grant_option);
        } else {
          acl_revoke(acl, t.kind, grantee, privilege, g.grant_option);
        }
      }
    }
  }
}

void apply_grant(const Grant& g, Schema& schema) {
  for (const AclTarget& t : grant_targets(g, schema, nullptr)) {
    std::optional<Acl>* acl = acl_of(t, schema);
    if (acl == nullptr) continue;
    apply_grant_to(g, t, *acl);
    // The owner's own entry is not kept: a GRANT to an owner the model knows by name (OWNER TO)
    // writes the ACL out and changes nothing else.
    if (const std::string owner = owner_name(t, schema); !owner.empty() && *acl) (*acl)->erase(owner);
  }
}

std::vector<std::string> sql_restore_acl(const std::string& target, const std::optional<Acl>& acl,
                                         AclKind kind, const std::string& column) {
  if (!acl || target.empty()) return {};
  return sql_acl_change(target, column, default_acl(kind), *acl);
}

}  // namespace p2s
