// GRANT / REVOKE: up as written; down gives each ACL the statement changed (model/acl.h) its
// privileges back.
//
// The model does not keep the owner's own ACL entry, and does not know who the owner is: the role
// running the migrations. A role named as grantee may be that owner (GRANT ALL ON "T" TO postgres,
// as pg_dump writes it), for whom a GRANT changes nothing and a REVOKE takes the privileges every
// owner starts with. So the down() of a statement naming a role (not PUBLIC, not a predefined pg_*
// role, which own nothing a migration creates) asks the catalog whether the role owns the object:
// if it does, it undoes what the statement did to an owner; if not, what the model says.
#include <algorithm>
#include <map>
#include <utility>

#include "model/render_sql.h"
#include "plan/plan_steps.h"
#include "plan/plan_util.h"
#include "replay/replay_grant.h"
#include "replay/replay_owner.h"

namespace p2s {
namespace {

// A column's ACL starts empty for its table's owner too: no question of owning there. A predefined
// pg_* role owns an object only after an OWNER TO, which the model knows.
bool may_own(const std::string& grantee, const AclTarget& t, const Schema& before) {
  if (grantee == "PUBLIC" || t.kind == AclKind::kColumn) return false;
  return grantee.rfind("pg_", 0) != 0 || owner_name(t, before) == grantee;
}

Acl only(const Acl& acl, const std::string& grantee) {
  Acl out;
  if (auto it = acl.find(grantee); it != acl.end()) out.insert(*it);
  return out;
}

// The owner of the object, as a SQL expression of type oid.
std::string owner_sql(const AclTarget& t) {
  const std::string name = t.sql.substr(t.sql.find(' ') + 1);  // "TABLE x" -> x
  switch (t.kind) {
    case AclKind::kFunction:
      return "(SELECT proowner FROM pg_proc WHERE oid = " + quote_literal(name) + "::regprocedure)";
    case AclKind::kSchema:
      return "(SELECT nspowner FROM pg_namespace WHERE oid = " + quote_literal(name) + "::regnamespace)";
    case AclKind::kType:
      return "(SELECT typowner FROM pg_type WHERE oid = " + quote_literal(name) + "::regtype)";
    default:
      return "(SELECT relowner FROM pg_class WHERE oid = " + quote_literal(name) + "::regclass)";
  }
}

std::string statements(const std::vector<std::string>& sqls) {
  std::string out;
  for (const std::string& sql : sqls) out += " " + sql + ";";
  return out;
}

// What the statement did to `grantee` when it owns the object, which holds every privilege without
// a grant option (an owner's are implicit): a GRANT gives nothing but grant options, a REVOKE takes
// the privileges it names.
std::vector<std::string> owner_undo(const Grant& g, const AclTarget& t, const std::string& grantee) {
  std::optional<Acl> all = Acl{};
  for (const std::string& p : acl_privileges(t.kind)) acl_grant(all, t.kind, grantee, p, false);
  std::optional<Acl> after = all;
  apply_grant_to(g, t, after);
  return sql_acl_change(t.sql, t.column, only(*after, grantee), only(*all, grantee));
}

// The column ACLs of the relation a target names `relation`, as the schema has them.
std::vector<std::pair<std::string, std::optional<Acl>>> column_acls_of(const std::string& relation,
                                                                       const std::vector<AclTarget>& targets,
                                                                       const Schema& schema) {
  std::vector<std::pair<std::string, std::optional<Acl>>> out;
  for (const AclTarget& t : targets) {
    if (t.sql != relation || t.kind != AclKind::kTable) continue;
    if (t.holder == AclTarget::Holder::kTable) {
      if (const Table* table = schema.table(t.name)) {
        for (const Column& c : table->columns) out.emplace_back(c.name, c.acl);
      }
    } else if (const TextObject* o = schema.object(t.object_kind, t.key)) {
      for (const auto& [column, acl] : o->column_acls) out.emplace_back(column, acl);
    }
    break;
  }
  return out;
}

}  // namespace

void plan_grant(const Grant& g, const Statement& stmt, const Schema& before, Step& s, const PlanOptions& o) {
  s.summary = std::string(g.grant ? "GRANT" : "REVOKE") + " privileges";
  s.translation = "sql";
  s.up.push_back(SqlOp{stmt.sql});
  std::vector<std::string> unresolved;
  const std::vector<AclTarget> targets = grant_targets(g, before, &unresolved);
  if (!targets.empty()) s.summary += " on " + targets.front().sql;
  if (!unresolved.empty()) {
    irreversible(s, "the privileges of " + unresolved.front() + " are not modelled", o);
    return;
  }
  // A REVOKE on a relation in the down also takes those privileges from its columns (aclchk.c): the
  // privileges each relation's down revokes, per grantee, to give its columns theirs back after.
  std::map<std::string, Acl> revoked;  // relation target -> grantee -> privilege
  std::vector<std::pair<std::string, std::string>> columns_done;
  for (const AclTarget& t : targets) {
    const std::optional<Acl>* then = acl_of(t, before);
    if (then == nullptr) continue;
    std::optional<Acl> now = *then;
    apply_grant_to(g, t, now);
    Acl from = effective_acl(now, t.kind);
    const Acl to = effective_acl(*then, t.kind);
    if (t.kind == AclKind::kTable) {
      for (const auto& [grantee, privileges] : from) {
        for (const auto& [privilege, option] : privileges) {
          const auto held = to.find(grantee);
          if (held == to.end() || !held->second.count(privilege)) revoked[t.sql][grantee][privilege] = option;
        }
      }
    }
    if (t.kind == AclKind::kColumn) {
      columns_done.emplace_back(t.sql, t.column);
      if (auto r = revoked.find(t.sql); r != revoked.end()) {
        for (const auto& [grantee, privileges] : r->second) {
          for (const auto& [privilege, option] : privileges)
            acl_revoke(now, t.kind, grantee, privilege, false);
        }
        from = effective_acl(now, t.kind);
      }
    }
    Acl plain_from = from, plain_to = to;
    for (const std::string& grantee : g.grantees) {
      if (!may_own(grantee, t, before)) continue;
      plain_from.erase(grantee);
      plain_to.erase(grantee);
    }
    for (std::string& sql : sql_acl_change(t.sql, t.column, plain_from, plain_to))
      s.down.push_back(SqlOp{std::move(sql)});
    for (const std::string& grantee : g.grantees) {
      if (!may_own(grantee, t, before)) continue;
      const std::vector<std::string> as_other =
          sql_acl_change(t.sql, t.column, only(from, grantee), only(to, grantee));
      const std::vector<std::string> as_owner = owner_undo(g, t, grantee);
      if (as_other.empty() && as_owner.empty()) continue;
      s.down.push_back(SqlOp{"DO $p2s$ BEGIN IF " + owner_sql(t) + " = " + quote_literal(grantee) +
                             "::regrole THEN" + statements(as_owner) + " NULL; ELSE" + statements(as_other) +
                             " NULL; END IF; END $p2s$"});
    }
  }
  for (const auto& [relation, privileges] : revoked) {
    for (const auto& [column, acl] : column_acls_of(relation, targets, before)) {
      if (!acl || std::find(columns_done.begin(), columns_done.end(), std::make_pair(relation, column)) !=
                      columns_done.end())
        continue;
      std::optional<Acl> after = acl;
      for (const auto& [grantee, held] : privileges) {
        for (const auto& [privilege, option] : held)
          acl_revoke(after, AclKind::kColumn, grantee, privilege, false);
      }
      for (std::string& sql : sql_acl_change(relation, column, *after, *acl))
        s.down.push_back(SqlOp{std::move(sql)});
    }
  }
}

}  // namespace p2s
