// Lowering of enum type statements (lower_type.cpp).
#pragma once

#include "lower/lower_util.h"

namespace p2s {

StmtKind lower_create_enum(const LowerCtx& ctx, const Ptr& create_enum_stmt);
StmtKind lower_alter_enum(const LowerCtx& ctx, const Ptr& alter_enum_stmt);

}  // namespace p2s
