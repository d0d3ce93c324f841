// GRANT / REVOKE on the model's objects (replay_grant.cpp): each object's ACL (model/acl.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lower/ir.h"

namespace p2s {

// One ACL a GRANT or REVOKE changes, found again by lookup in another copy of the schema.
struct AclTarget {
  enum class Holder { kTable, kColumn, kObject, kObjectColumn, kEnum };
  Holder holder = Holder::kTable;
  AclKind kind = AclKind::kTable;
  QName name;                                   // kTable, kColumn, kEnum
  std::string column;                           // kColumn
  ObjectKind object_kind = ObjectKind::kOther;  // kObject
  std::string key;                              // kObject
  std::string sql;                              // the object as GRANT names it, e.g. TABLE "T"
};

// The ACLs the statement changes, in the model's order. An object the model does not have (PostgreSQL
// would stop) or whose privileges it does not keep (a domain, a composite type) is left out, and
// named in `unresolved` when given; a temporary table is left out.
std::vector<AclTarget> grant_targets(const Grant& g, const Schema& schema,
                                     std::vector<std::string>* unresolved);
// The ACL in the schema: nullptr when the object is not there. A view's column without privileges
// yet has none: the non-const lookup makes it, the const one gives an empty (default) one.
std::optional<Acl>* acl_of(const AclTarget& t, Schema& schema);
const std::optional<Acl>* acl_of(const AclTarget& t, const Schema& schema);
// The statement applied to one of its targets' ACL, or to every target's in the schema.
void apply_grant_to(const Grant& g, const AclTarget& t, std::optional<Acl>& acl);
void apply_grant(const Grant& g, Schema& schema);

// The privileges of every ACL of the object (the relation's and its columns', a function's, ...)
// given again after it was created anew by a down(): GRANT and REVOKE statements from the default.
std::vector<std::string> sql_restore_acl(const std::string& target, const std::optional<Acl>& acl,
                                         AclKind kind, const std::string& column = "");
// What GRANT names an object kept as text by (TABLE for views, ROUTINE for functions, ...), and the
// kind of its ACL; "" for an object without privileges (triggers, policies, extensions).
std::string grant_target_of(const TextObject& o);
AclKind acl_kind_of(const TextObject& o);

}  // namespace p2s
