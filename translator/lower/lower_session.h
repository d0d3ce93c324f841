// Lowering of statements that change only the session (temporary tables, LOCK) and of the target
// of data statements (lower_session.cpp).
#pragma once

#include <optional>

#include "lower/lower_util.h"

namespace p2s {

// CREATE TEMP TABLE (plain, AS, SELECT ... INTO TEMP) and LOCK TABLE; nullopt for anything else.
std::optional<StmtKind> lower_session(const LowerCtx& ctx, const Ptr& stmt, const std::string& tag);

// The table an INSERT, UPDATE, DELETE or MERGE writes, if it names one.
std::optional<QName> data_target(const Json& stmt);

}  // namespace p2s
