// plan: a statement and the schema as it was before it -> the up operations and the down
// operations that undo them (computed now, from the whole objects the model had, as Atlas does).
#pragma once

#include "ir.h"
#include "ops.h"

namespace p2s {

struct PlanOptions {
  bool strict_down = false;  // a down() that cannot undo data changes throws instead of commenting
  std::string migration;     // named in the thrown Error
  // Tables this migration created before the statement: its down() drops them after undoing the
  // statement, so their rows need no undoing.
  std::vector<QName> created_tables;
};

Step plan(const Statement& stmt, const Schema& before, const PlanOptions& options);

// queryInterface quotes identifiers by stripping double quotes and splits names on dots, and JS
// object literals reorder integer-like keys: such names go through SQL instead.
bool native_name(const std::string& name);

}  // namespace p2s
