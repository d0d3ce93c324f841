// Lowering of enum types: CREATE TYPE ... AS ENUM and ALTER TYPE ... ADD/RENAME VALUE.
#include "lower/lower_type.h"

namespace p2s {

StmtKind lower_create_enum(const LowerCtx& ctx, const Ptr& p) {
  const Json& s = ctx.at(p);
  CreateEnum ce;
  ce.type.name = qname_of(svals(list(s, "typeName")));
  ce.type.labels = svals(list(s, "vals"));
  return ce;
}

StmtKind lower_alter_enum(const LowerCtx& ctx, const Ptr& p) {
  const Json& s = ctx.at(p);
  const QName type = qname_of(svals(list(s, "typeName")));
  if (s.contains("oldVal")) return AlterEnumRenameValue{type, str(s, "oldVal"), str(s, "newVal")};
  AlterEnumAddValue add;
  add.type = type;
  add.value = str(s, "newVal");
  add.neighbor = str(s, "newValNeighbor");
  add.before = !add.neighbor.empty() && !flag(s, "newValIsAfter");
  add.if_not_exists = flag(s, "skipIfNewValExists");
  return add;
}

}  // namespace p2s
