// The planner's per-family functions, shared by plan.cpp's dispatch (declared here, defined in
// plan_table.cpp and plan_object.cpp).
#pragma once

#include "lower/ir.h"
#include "model/depend.h"
#include "plan/ops.h"
#include "plan/plan.h"

namespace p2s {

void plan_create_table(const CreateTable& c, const Statement& stmt, const Schema& before, Step& s);
void plan_alter_table(const AlterTable& a, const Statement& stmt, const Schema& before, Step& s,
                      const PlanOptions& o);
void plan_create_index(const CreateIndex& c, const Statement& stmt, const Schema& before, Step& s);
void plan_rename(const Rename& r, const Statement& stmt, const Schema& before, Step& s);
void plan_set_schema(const SetSchema& m, const Statement& stmt, const Schema& before, Step& s,
                     const PlanOptions& o);
// ALTER ... OWNER TO: down() gives the object its owner back (CURRENT_USER for whoever created it).
void plan_alter_owner(const AlterOwner& a, const Statement& stmt, const Schema& before, Step& s,
                      const PlanOptions& o);
void plan_drop(const Drop& d, const Statement& stmt, const Schema& before, Step& s, const PlanOptions& o);
void plan_create_object(const CreateObject& c, const Statement& stmt, const Schema& before, Step& s);
// GRANT / REVOKE (plan_grant.cpp).
void plan_grant(const Grant& g, const Statement& stmt, const Schema& before, Step& s, const PlanOptions& o);
void plan_set_relation_options(const SetRelationOptions& r, const Statement& stmt, const Schema& before,
                               Step& s, const PlanOptions& o);
// ALTER FUNCTION attributes: down() is the function's CREATE OR REPLACE and the ALTERs before it.
void plan_alter_function(const AlterFunction& a, const Statement& stmt, const Schema& before, Step& s,
                         const PlanOptions& o);
void plan_alter_sequence(const AlterSequence& a, const Statement& stmt, const Schema& before, Step& s,
                         const PlanOptions& o);
// DROP ... CASCADE of `root` also drops columns (depend.h, DependScope::kColumns): each is planned
// as a DROP COLUMN ... CASCADE of its own against `state`, which is left without them. The down()
// that re-adds them, with what went with each.
std::vector<Op> plan_cascaded_column_drops(const ObjectRef& root, Schema& state, Step& s,
                                           const PlanOptions& o);
// ALTER TYPE ... ADD VALUE cannot be undone in place: rebuild the type without the value.
void rebuild_enum(const EnumType& e, const std::string& removed, const Schema& before, std::vector<Op>& down,
                  Step& s);
// Recreate an object kept as text, with its comment (and a materialized view's indexes).
void restore_object(const TextObject& obj, const Schema& before, std::vector<Op>& down);
// REFRESH MATERIALIZED VIEW [WITH NO DATA]: down() puts back whether the view was populated. True
// when that is all the statement changed (the view was not populated before).
bool plan_refresh(const DataChange& d, const Schema& before, Step& s);

// Before a down() adds back constraint `k` / unique index `i` of table `t` (as it was before the up),
// over rows that may break it: make the rows fit (plan_fit.cpp), marking the step lossy.
// Whether rows may break constraint `k` of `table` when the down() of a statement adds it back.
// (Rows change later in the file, the referenced table or one of the columns is dropped later.)
bool rows_may_break(const QName& table, const std::vector<std::string>& columns, const QName* references,
                    const LaterChanges& later);
bool rows_may_break(const QName& table, const Constraint& k, const LaterChanges& later);
void fit_rows_to_constraint(const QName& table, const Table& t, const Constraint& k, const Schema& before,
                            std::vector<Op>& down, Step& s);
void fit_rows_to_index(const Index& i, const Table& t, const Schema& before, std::vector<Op>& down, Step& s);
// Before a down() gives column `column` one value in every row (`null`: NULL, which repeats only a
// key that counts NULLs as equal): under each unique key over it, the rows past the first of each
// value of the key's other columns go (or get NULL there).
void fit_rows_to_one_value(const Table& t, const std::string& column, bool null, const Schema& before,
                           std::vector<Op>& down, Step& s);
// Before a down() puts values into column `column` of `t` that may repeat: the rows past the first of
// each value of the unique indexes of materialized views that project t (ViewKey, plan_util.h) go, so
// that those views and indexes can be created again.
void fit_rows_to_view_keys(const Table& t, const std::string& column, const Schema& before,
                           std::vector<Op>& down, Step& s);
// Before a down() converts column `c` back with `back` (to `type`), over rows that may hold values
// later steps wrote: the rows whose value does not convert get NULL, or go.
void fit_rows_to_cast(const QName& table, const Column& c, const std::string& back, const std::string& type,
                      const Schema& before, std::vector<Op>& down, Step& s);
// For the row-by-row fits, inside a DO block that declares `p2s_row tid`: for each row of `table` in
// ctid order (as p2s_row), `body`; where it raises `condition`, `handler` instead.
std::string for_each_row(const QName& table, const std::string& body, const std::string& condition,
                         const std::string& handler);
// A handler that deletes the row p2s_row, after the rows of other tables that reference it through a
// NO ACTION / RESTRICT foreign key are released (NULL, or deleted: release_references).
std::string delete_this_row(const QName& table, const Schema& schema, Step& s);
void delete_null_rows(const QName& table, const std::string& column, std::vector<Op>& down, Step& s);
// Whether a constraint of `t` or a unique index uses `column`: a value put into it can break them.
bool under_constraint(const Table& t, const Schema& before, const std::string& column);

// Drop `deps` (in reverse creation order) / recreate them as `before` had them (plan_depend.cpp).
void drop_dependents(const std::vector<Dependent>& deps, std::vector<Op>& down);
// A stale materialized view among them comes back with the rows its query gives now: `s` is marked
// lossy for it (mark_stale_matview).
void recreate_dependents(const std::vector<Dependent>& deps, const Schema& before, std::vector<Op>& down,
                         Step& s);

}  // namespace p2s
