#include "model/acl.h"

#include <algorithm>

#include "parse/pg_parse.h"

namespace p2s {

const std::vector<std::string>& acl_privileges(AclKind kind) {
  static const std::vector<std::string> kTable = {"SELECT",   "INSERT",     "UPDATE", "DELETE",
                                                  "TRUNCATE", "REFERENCES", "TRIGGER"};
  static const std::vector<std::string> kSequence = {"SELECT", "UPDATE", "USAGE"};
  static const std::vector<std::string> kColumn = {"SELECT", "INSERT", "UPDATE", "REFERENCES"};
  static const std::vector<std::string> kFunction = {"EXECUTE"};
  static const std::vector<std::string> kSchema = {"USAGE", "CREATE"};
  static const std::vector<std::string> kType = {"USAGE"};
  switch (kind) {
    case AclKind::kTable:
      return kTable;
    case AclKind::kSequence:
      return kSequence;
    case AclKind::kColumn:
      return kColumn;
    case AclKind::kFunction:
      return kFunction;
    case AclKind::kSchema:
      return kSchema;
    case AclKind::kType:
      return kType;
  }
  return kType;
}

Acl default_acl(AclKind kind) {
  if (kind == AclKind::kFunction) return Acl{{"PUBLIC", {{"EXECUTE", false}}}};
  if (kind == AclKind::kType) return Acl{{"PUBLIC", {{"USAGE", false}}}};
  return {};
}

Acl effective_acl(const std::optional<Acl>& acl, AclKind kind) {
  return acl ? *acl : default_acl(kind);
}

namespace {

bool of_kind(AclKind kind, const std::string& privilege) {
  const std::vector<std::string>& all = acl_privileges(kind);
  return std::find(all.begin(), all.end(), privilege) != all.end();
}

std::string grantee_sql(const std::string& grantee) {
  return grantee == "PUBLIC" ? grantee : quote_ident(grantee);
}

// "SELECT, UPDATE" or, for a column, "SELECT ("c"), UPDATE ("c")".
std::string privilege_list(const std::vector<std::string>& privileges, const std::string& column) {
  std::string out;
  for (const std::string& p : privileges) {
    out += (out.empty() ? "" : ", ") + p + (column.empty() ? "" : " (" + quote_ident(column) + ")");
  }
  return out;
}

}  // namespace

void acl_grant(std::optional<Acl>& acl, AclKind kind, const std::string& grantee,
               const std::string& privilege, bool grant_option) {
  if (!of_kind(kind, privilege)) return;
  if (!acl) acl = default_acl(kind);
  bool& option = (*acl)[grantee][privilege];
  option = option || grant_option;
}

void acl_revoke(std::optional<Acl>& acl, AclKind kind, const std::string& grantee,
                const std::string& privilege, bool grant_option_only) {
  if (!of_kind(kind, privilege)) return;
  if (!acl) acl = default_acl(kind);
  auto held = acl->find(grantee);
  if (held == acl->end()) return;
  auto it = held->second.find(privilege);
  if (it == held->second.end()) return;
  if (grant_option_only) {
    it->second = false;
  } else {
    held->second.erase(it);
  }
  if (held->second.empty()) acl->erase(held);
}

std::vector<std::string> sql_acl_change(const std::string& target, const std::string& column, const Acl& from,
                                        const Acl& to) {
  std::vector<std::string> out;
  std::vector<std::string> grantees;
  for (const auto& [g, _] : from) grantees.push_back(g);
  for (const auto& [g, _] : to) {
    if (!from.count(g)) grantees.push_back(g);
  }
  std::sort(grantees.begin(), grantees.end());
  static const std::map<std::string, bool> kNone;
  for (const std::string& g : grantees) {
    const auto f = from.find(g);
    const auto t = to.find(g);
    const std::map<std::string, bool>& had = f == from.end() ? kNone : f->second;
    const std::map<std::string, bool>& has = t == to.end() ? kNone : t->second;
    // Taken away: privileges gone, then grant options gone; given: privileges, then with the option.
    std::vector<std::string> revoke, revoke_option, grant, grant_option;
    for (const auto& [p, option] : had) {
      const auto now = has.find(p);
      if (now == has.end()) {
        revoke.push_back(p);
      } else if (option && !now->second) {
        revoke_option.push_back(p);
      }
    }
    for (const auto& [p, option] : has) {
      const auto then = had.find(p);
      if (option && (then == had.end() || !then->second)) {
        grant_option.push_back(p);
      } else if (then == had.end()) {
        grant.push_back(p);
      }
    }
    const std::string who = grantee_sql(g);
    if (!revoke.empty())
      out.push_back("REVOKE " + privilege_list(revoke, column) + " ON " + target + " FROM " + who);
    if (!revoke_option.empty())
      out.push_back("REVOKE GRANT OPTION FOR " + privilege_list(revoke_option, column) + " ON " + target +
                    " FROM " + who);
    if (!grant.empty())
      out.push_back("GRANT " + privilege_list(grant, column) + " ON " + target + " TO " + who);
    if (!grant_option.empty())
      out.push_back("GRANT " + privilege_list(grant_option, column) + " ON " + target + " TO " + who +
                    " WITH GRANT OPTION");
  }
  return out;
}

}  // namespace p2s
