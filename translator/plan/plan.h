// plan: a statement and the schema as it was before it -> the up operations and the down
// operations that undo them (computed now, from the whole objects the model had, as Atlas does).
#pragma once

#include "lower/ir.h"
#include "plan/ops.h"

namespace p2s {

// What a file does at or after a statement, and what later migrations do, that a down() adding back
// a dropped constraint or converting a column back must expect: undoing every migration runs the
// later down()s first, and a lossy one leaves the rows its up() wrote.
struct LaterChanges {
  bool rows = false;  // INSERT, UPDATE, DELETE, a DO block, a USING conversion, SQL passed through
                      // unmodelled (here or in a later migration)
  std::vector<QName> dropped_tables;                           // they come back empty
  std::vector<std::pair<QName, std::string>> dropped_columns;  // they come back with one value in every row
  const LaterChanges* after = nullptr;  // the later migrations' drops (owned by the caller)
};

struct PlanOptions {
  bool strict_down = false;  // a down() that cannot undo data changes throws instead of commenting
  std::string migration;     // named in the thrown Error
  LaterChanges later;        // when set, a down() makes the rows fit a constraint before adding it back
  // Tables this migration created before the statement: its down() drops them after undoing the
  // statement, so their rows need no undoing.
  std::vector<QName> created_tables;
  // Columns this migration added (ADD COLUMN) to tables that existed before it, before the
  // statement: its down() drops them, so values written only there need no undoing.
  std::vector<std::pair<QName, std::string>> added_columns;
  // An earlier statement was passed through without being modelled (a rule, an unknown trigger
  // might write elsewhere): no data change is said to be undone by a drop.
  bool model_incomplete = false;
};

// For each statement of a file: what it and the later ones change, then `after` (what the later
// migrations change; it must outlive the result). The first one sums up the file.
std::vector<LaterChanges> later_changes(const std::vector<Statement>& stmts,
                                        const LaterChanges* after = nullptr);
// What a whole file changes, then `after`.
LaterChanges file_changes(const std::vector<Statement>& stmts, const LaterChanges* after);

Step plan(const Statement& stmt, const Schema& before, const PlanOptions& options);

// The table a CREATE TABLE makes and the columns an ALTER TABLE ... ADD COLUMN adds, where they do
// not exist yet (IF NOT EXISTS of one that does makes nothing), read before the statement is
// applied; once it is, record_new_relations adds those it made to the options of the statements
// after it in the migration (created_tables, added_columns). plan_scope.cpp.
struct NewRelations {
  std::optional<QName> table;
  std::vector<std::pair<QName, std::string>> columns;
};
NewRelations new_relations(const Statement& stmt, const Schema& before);
void record_new_relations(const NewRelations& fresh, const Schema& after, PlanOptions& options);
// Completes a planned step once its statement is applied to the model (`after`): what its down()
// must know of the schema after it (plan_key_order.h, plan_deferred.h). No schema is copied per
// statement.
void complete_step(Step& s, const Schema& after);

// queryInterface quotes identifiers by stripping double quotes and splits names on dots, and JS
// object literals reorder integer-like keys: such names go through SQL instead.
bool native_name(const std::string& name);

}  // namespace p2s
