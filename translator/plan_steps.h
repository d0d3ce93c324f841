// The planner's per-family functions, shared by plan.cpp's dispatch (declared here, defined in
// plan_table.cpp and plan_object.cpp).
#pragma once

#include "depend.h"
#include "ir.h"
#include "ops.h"
#include "plan.h"

namespace p2s {

void plan_create_table(const CreateTable& c, const Statement& stmt, const Schema& before, Step& s);
void plan_alter_table(const AlterTable& a, const Statement& stmt, const Schema& before, Step& s,
                      const PlanOptions& o);
void plan_create_index(const CreateIndex& c, const Statement& stmt, const Schema& before, Step& s);
void plan_rename(const Rename& r, const Statement& stmt, const Schema& before, Step& s);
void plan_drop(const Drop& d, const Statement& stmt, const Schema& before, Step& s, const PlanOptions& o);
void plan_create_object(const CreateObject& c, const Statement& stmt, const Schema& before, Step& s);
void plan_alter_sequence(const AlterSequence& a, const Statement& stmt, const Schema& before, Step& s,
                         const PlanOptions& o);
// ALTER TYPE ... ADD VALUE cannot be undone in place: rebuild the type without the value.
void rebuild_enum(const EnumType& e, const Schema& before, std::vector<Op>& down);
// Recreate an object kept as text, with its comment (and a materialized view's indexes).
void restore_object(const TextObject& obj, const Schema& before, std::vector<Op>& down);

// Drop `deps` (in reverse creation order) / recreate them as `before` had them (plan_depend.cpp).
void drop_dependents(const std::vector<Dependent>& deps, std::vector<Op>& down);
void recreate_dependents(const std::vector<Dependent>& deps, const Schema& before, std::vector<Op>& down);

}  // namespace p2s
