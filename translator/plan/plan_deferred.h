// Deferred constraints and DDL in one transaction. A data statement queues the checks of an
// INITIALLY DEFERRED constraint as trigger events until COMMIT (a foreign key queues them on the
// referencing table for INSERT/UPDATE, and for NO ACTION on the referenced one for UPDATE/DELETE; a
// deferred UNIQUE, PRIMARY KEY or EXCLUDE on its own table), and PostgreSQL refuses ALTER TABLE,
// CREATE INDEX, DROP TABLE, ... on a table with pending events (55006). Where an emitted transaction
// runs DDL after a data statement (a down() deleting the rows its up() inserted, then undoing a
// column), the pending checks run first: SET CONSTRAINTS ... IMMEDIATE fires them (a violation fails
// there, as it would at COMMIT), SET CONSTRAINTS ... DEFERRED restores the mode for what follows.
#pragma once

#include <string>
#include <vector>

#include "lower/ir.h"
#include "model/schema.h"
#include "plan/ops.h"

namespace p2s {

// The INITIALLY DEFERRED constraints of `schema`, schema-qualified as SET CONSTRAINTS takes them. A
// name shared in its schema with a constraint that is not initially deferred is left out: SET
// CONSTRAINTS names every constraint of that name in the schema, and refuses DEFERRED for one that
// is not deferrable.
std::vector<std::string> deferred_constraints(const Schema& schema);

// The deferred constraints before `stmt` (null: there are none and its text does not mention
// DEFERRED, or it only writes rows, and so its down() runs no DDL). plan() sets them; the caller
// that applies the statement to the model then completes them with deferred_after (no schema is
// copied per statement).
std::shared_ptr<const DeferredConstraints> deferred_before(const Statement& stmt, const Schema& before);
// The deferred constraints after the step, read off the model once the statement is applied (the
// pointer is reset where there are none before or after).
void deferred_after(Step& s, const Schema& after);

// Whether an operation may write rows (and so queue deferred checks), and whether it is DDL that
// PostgreSQL refuses on a table with pending events.
bool writes_rows(const Op& op);
bool is_ddl(const Op& op);

// A comment, then the SET CONSTRAINTS pair that fires the pending checks of `names` and defers them again.
std::vector<Op> fire_deferred_checks(const std::vector<std::string>& names);

// Puts fire_deferred_checks before each DDL operation of a down() that follows a data operation in
// its transaction (since the last firing), naming the deferred constraints of the schema there
// (those after the step, where its down() starts; within it, those it keeps throughout). Nothing
// changes where the model has no deferred constraint. An up() needs none: its operations are the
// Prisma statements, which PostgreSQL ran in the same transactions (or ones split further).
void fire_deferred_before_ddl(std::vector<Segment>& segments);

}  // namespace p2s
