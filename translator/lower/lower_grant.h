// Lowering of GRANT and REVOKE of privileges on objects (lower_grant.cpp).
#pragma once

#include "lower/lower_util.h"

namespace p2s {

StmtKind lower_grant(const LowerCtx& ctx, const Ptr& grant_stmt);

}  // namespace p2s
