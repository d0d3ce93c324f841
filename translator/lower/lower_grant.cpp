// GRANT / REVOKE on tables, views, sequences, functions, schemas and types, to PUBLIC or to roles
// by name. The rest (GRANT ON DATABASE, ... GRANTED BY, grants to CURRENT_USER and the like, whose
// role is the one running the migrations and so maybe the objects' owner) stays Unsupported.
#include "lower/lower_grant.h"

#include <algorithm>
#include <cctype>

namespace p2s {
namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

}  // namespace

StmtKind lower_grant(const LowerCtx& ctx, const Ptr& p) {
  const Json& s = ctx.at(p);
  Grant g;
  g.grant = flag(s, "is_grant");
  g.grant_option = flag(s, "grant_option");
  const std::string verb = g.grant ? "GRANT" : "REVOKE";
  const std::string type = str(s, "objtype");
  const bool all_in_schema = str(s, "targtype") == "ACL_TARGET_ALL_IN_SCHEMA";
  if (s.contains("grantor")) return Unsupported{verb + " ... GRANTED BY"};
  if (type == "OBJECT_TABLE") {
    g.on = GrantOn::kTable;
  } else if (type == "OBJECT_SEQUENCE") {
    g.on = GrantOn::kSequence;
  } else if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE" || type == "OBJECT_ROUTINE") {
    g.on = GrantOn::kFunction;
  } else if (type == "OBJECT_SCHEMA") {
    g.on = GrantOn::kSchema;
  } else if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
    g.on = GrantOn::kType;
  } else {
    return Unsupported{verb + " ON " + type.substr(std::string("OBJECT_").size())};
  }
  const Json& objects = list(s, "objects");
  for (size_t k = 0; k < objects.size(); ++k) {
    const Json& o = objects[k];
    if (all_in_schema) {
      g.all_in.push_back(sval(o));
    } else if (g.on == GrantOn::kTable || g.on == GrantOn::kSequence) {
      g.objects.push_back(range_var(o["RangeVar"]));
    } else if (g.on == GrantOn::kSchema) {
      g.objects.push_back(QName{"", sval(o)});
    } else if (g.on == GrantOn::kType) {
      g.objects.push_back(qname_of(svals(list(o["List"], "items"))));
    } else {
      const Json& owa = o["ObjectWithArgs"];
      const QName name = qname_of(svals(list(owa, "objname")));
      if (flag(owa, "args_unspecified")) {
        g.functions.push_back(qualified(name));
        continue;
      }
      std::vector<std::string> args;
      const Json& objargs = list(owa, "objargs");
      for (size_t a = 0; a < objargs.size(); ++a)
        args.push_back(
            deparse_type(ctx.pg(p / "objects" / k / "ObjectWithArgs" / "objargs" / a / "TypeName")));
      g.functions.push_back(function_key(name, args));
    }
  }
  const Json& privileges = list(s, "privileges");
  if (privileges.empty()) g.privileges.push_back(GrantPrivilege{});
  for (const Json& priv : privileges) {
    const Json& a = priv["AccessPriv"];
    g.privileges.push_back(GrantPrivilege{upper(str(a, "priv_name")), svals(list(a, "cols"))});
    if (!g.privileges.back().columns.empty() && g.on != GrantOn::kTable)
      return Unsupported{verb + " of column privileges on a sequence"};
  }
  for (const Json& role : list(s, "grantees")) {
    const Json& r = role["RoleSpec"];
    const std::string kind = str(r, "roletype");
    if (kind == "ROLESPEC_PUBLIC") {
      g.grantees.emplace_back("PUBLIC");
    } else if (kind == "ROLESPEC_CSTRING") {
      g.grantees.push_back(str(r, "rolename"));
    } else {
      // CURRENT_USER, SESSION_USER, CURRENT_ROLE: the role running the migrations, which owns what
      // it created and whose own ACL entry the model does not keep.
      return Unsupported{verb + " to " + kind.substr(std::string("ROLESPEC_").size())};
    }
  }
  return g;
}

}  // namespace p2s
