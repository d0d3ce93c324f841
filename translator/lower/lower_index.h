// Lowering of CREATE INDEX (lower_index.cpp).
#pragma once

#include "lower/lower_util.h"

namespace p2s {

StmtKind lower_create_index(const LowerCtx& ctx, const Ptr& index_stmt);

}  // namespace p2s
