// Foreign-key binding across a down() (model/key_order.h). A down() that adds back a dropped key
// gives it a new oid, the newest of its table: where another key over the same columns survived
// the up(), PostgreSQL now binds the foreign keys to that one, not to the one the schema before
// had, and a later DROP of a key (or DROP ... CASCADE) then fails or takes other foreign keys than
// under Prisma. So the down() of a statement that drops or rebuilds keys puts their order back:
// where the keys over one set of columns would not be in the order the schema before had, it drops
// the foreign keys over them and the keys from the first one out of order on, adds those keys back
// oldest first, then the foreign keys.
#pragma once

#include <memory>

#include "lower/ir.h"
#include "model/schema.h"
#include "plan/ops.h"
#include "plan/plan.h"

namespace p2s {

// The keys and indexes of each group of two or more over the same columns of a table (oldest
// first) and the foreign keys over them, copied before a statement that may drop or rebuild one;
// null for other statements and where there is no such group. plan() sets it; the caller that
// applies the statement to the model then completes the down() with restore_key_order.
struct KeyOrderBefore;
std::shared_ptr<const KeyOrderBefore> key_order_before(const Statement& stmt, const Schema& before);
// Appends to the step's down() the operations that put the keys back in order, judged against the
// model once the statement is applied: the keys still there keep their order in `after`, and the
// down() adds back the others in its own order (constraints, then indexes).
void restore_key_order(Step& s, const Schema& after);

// The foreign keys DROP ... CASCADE of key or unique index `name` (over `set` of `table`) took with
// it, added back by the down() once the key is: those bound to it (none if an older key was there).
void restore_bound_foreign_keys(const QName& table, const std::vector<std::string>& set,
                                const std::string& name, const Schema& before, const PlanOptions& o,
                                std::vector<Op>& down, Step& s);

}  // namespace p2s
