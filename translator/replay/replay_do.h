// Replaying a DO block the model follows (replay_do.cpp).
#pragma once

#include <vector>

#include "base/diagnostics.h"
#include "lower/ir.h"

namespace p2s {

// Whether a part runs on this schema (its IF tests hold).
bool part_applies(const DoPart& part, const Schema& schema);
// Applies the parts that run, in order, and returns their statements.
std::vector<const Statement*> run_do_block(const DoBlock& block, Schema& schema, Diagnostics& diags);

}  // namespace p2s
