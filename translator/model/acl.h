// Privileges (GRANT / REVOKE) of one object, as its ACL gives them to roles other than its owner.
// PostgreSQL keeps NULL for "the default ACL" (aclchk.c, acldefault) and writes the ACL out on the
// first GRANT or REVOKE; the model keeps std::nullopt until then, and the two mean the same
// privileges. The owner's own entry is not modelled: migrations run as the owner, whose privileges
// a GRANT to PUBLIC or to another role does not change.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace p2s {

// What the privileges are on: each kind has its own set (ACL_ALL_RIGHTS_*) and default.
enum class AclKind { kTable, kSequence, kColumn, kFunction, kSchema, kType };

// grantee ("PUBLIC" or a role name, unquoted) -> privilege (upper case, e.g. "SELECT") -> whether
// it is held WITH GRANT OPTION.
using Acl = std::map<std::string, std::map<std::string, bool>>;

// The privileges ALL stands for on an object of this kind, in the order GRANT lists them.
const std::vector<std::string>& acl_privileges(AclKind kind);
// The default ACL without the owner: EXECUTE on functions and USAGE on types for PUBLIC, else none.
Acl default_acl(AclKind kind);
// The ACL in effect: `acl`, or the default when the object never had a GRANT or REVOKE.
Acl effective_acl(const std::optional<Acl>& acl, AclKind kind);

// GRANT privilege TO grantee [WITH GRANT OPTION] (a privilege the kind does not have is ignored, as
// PostgreSQL ignores INSERT on a sequence with a warning).
void acl_grant(std::optional<Acl>& acl, AclKind kind, const std::string& grantee,
               const std::string& privilege, bool grant_option);
// REVOKE [GRANT OPTION FOR] privilege FROM grantee.
void acl_revoke(std::optional<Acl>& acl, AclKind kind, const std::string& grantee,
                const std::string& privilege, bool grant_option_only);

// The GRANT and REVOKE statements that take an object's privileges from `from` to `to`. `target` is
// the object as GRANT names it ("TABLE \"T\"", "FUNCTION \"f\"(integer)", "SCHEMA \"s\""); for a
// column's privileges, `column` is its name (quoted here) and `target` its table's.
std::vector<std::string> sql_acl_change(const std::string& target, const std::string& column, const Acl& from,
                                        const Acl& to);

}  // namespace p2s
