// ALTER ... OWNER TO on the model's objects (replay_owner.cpp): each object's `owner`, the role as
// SQL, empty for whoever created it (the role that runs the migrations).
#pragma once

#include <string>

#include "lower/ir.h"
#include "replay/replay_grant.h"

namespace p2s {

// The object an ALTER ... OWNER TO names, in one copy of the schema: its owner, and how an ALTER
// names it (`TABLE "T"`, `VIEW "public"."V"`, `ROUTINE "public"."f"(integer)`, ...). `owner` is null
// when the model does not have it (PostgreSQL would stop, or an object the model keeps no owner of).
struct OwnedObject {
  std::string* owner = nullptr;
  std::string target;
  std::optional<Acl>* acl = nullptr;  // its own privileges (model/acl.h)
  std::string grant_target;           // as GRANT names it
};
OwnedObject owned_object(const AlterOwner& a, Schema& schema);
OwnedObject owned_object(const AlterOwner& a, const Schema& schema);  // for reading the owner only

// The statement applied: the object's owner, and a table's sequences OWNED BY its columns, which
// PostgreSQL gives the table's owner too. False when the model does not have the object. The new
// owner's entries in the object's ACL merge into the owner's own (aclnewowner), which the model
// does not keep: they are taken out.
bool apply_alter_owner(const AlterOwner& a, Schema& schema);

// The role that owns the object of a GRANT's or REVOKE's target, unquoted, when the model knows it by
// name (an OWNER TO a role); empty for whoever created it, a keyword (CURRENT_USER), or a column.
std::string owner_name(const AclTarget& t, const Schema& schema);
// The role an owner (AlterOwner::role, TextObject::owner, ...) names, unquoted; empty for a keyword.
std::string role_name(const std::string& owner);

// ALTER <target> OWNER TO <role>, CURRENT_USER for an empty role (whoever created it: the role the
// migrations run as, which runs down() too).
std::string sql_owner(const std::string& target, const std::string& role);
// An object kept as text, as ALTER ... OWNER TO names it; empty for a kind whose owner the model does
// not keep (triggers, extensions, ...).
std::string owner_target(const TextObject& o);

}  // namespace p2s
