// Dropping and recreating the dependents of an object (depend.h) around a change PostgreSQL would
// otherwise refuse: views before the relation they read changes, triggers, policies, CHECK
// constraints and indexes before the type of a column they name changes.
#include "model/depend.h"
#include "plan/plan_steps.h"
#include "plan/plan_util.h"

namespace p2s {

void drop_dependents(const std::vector<Dependent>& deps, std::vector<Op>& down) {
  for (auto it = deps.rbegin(); it != deps.rend(); ++it) {
    const Dependent& d = *it;
    switch (d.ref.kind) {
      case RefKind::kView:
      case RefKind::kFunction:
      case RefKind::kTrigger:
      case RefKind::kPolicy:
        down.push_back(SqlOp{d.object->drop_sql});
        break;
      case RefKind::kConstraint:
        down.push_back(drop_constraint_op(d.ref.name, d.constraint->name));
        break;
      case RefKind::kIndex:
        down.push_back(drop_index_op(d.index->table, d.index->name, false));
        break;
      case RefKind::kDefault:
        down.push_back(SqlOp{alter(d.ref.name) + "ALTER COLUMN " + col(d.ref.sub) + " DROP DEFAULT"});
        break;
      case RefKind::kTable:
      case RefKind::kColumn:
      case RefKind::kType:
      case RefKind::kSequence:
        break;  // never dependents
    }
  }
}

void recreate_dependents(const std::vector<Dependent>& deps, const Schema& before, std::vector<Op>& down,
                         Step& s) {
  for (const Dependent& d : deps) {
    if (d.object != nullptr) mark_stale_matview(*d.object, before, s);
    switch (d.ref.kind) {
      case RefKind::kView:
      case RefKind::kFunction:
      case RefKind::kTrigger:
      case RefKind::kPolicy:
        restore_object(*d.object, before, down);
        break;
      case RefKind::kConstraint:
        add_constraint_back(d.ref.name, *d.constraint, before, down);
        break;
      case RefKind::kIndex:
        recreate_index(*d.index, before, down);
        break;
      case RefKind::kDefault:
        down.push_back(
            SqlOp{alter(d.ref.name) + "ALTER COLUMN " + col(d.ref.sub) + " SET DEFAULT " +
                  (d.column->serial ? serial_default(d.ref.name, d.column->name) : *d.column->default_sql)});
        break;
      case RefKind::kTable:
      case RefKind::kColumn:
      case RefKind::kType:
      case RefKind::kSequence:
        break;
    }
  }
}

}  // namespace p2s
