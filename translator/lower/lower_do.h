// Lowering of DO blocks (lower_do.cpp): what the model can follow becomes a DoBlock, the rest a
// DataChange (no DDL) or an Unsupported statement that says why the block is dynamic.
#pragma once

#include "lower/lower_util.h"

namespace p2s {

StmtKind lower_do(const LowerCtx& ctx, const Json& do_stmt);

}  // namespace p2s
