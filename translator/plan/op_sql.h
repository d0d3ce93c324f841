// The SQL each operation runs in PostgreSQL: for queryInterface calls, the statement Sequelize v6
// generates for them. Used by the model round-trip test and by `--explain` style tooling.
#pragma once

#include <string>

#include "plan/ops.h"

namespace p2s {

// Empty for operations that run nothing (notes, throws).
std::string op_sql(const Op& op);
// What the operation does to the schema, as SQL the model can replay: op_sql, or a SqlOp's effect.
std::string op_effect_sql(const Op& op);

}  // namespace p2s
