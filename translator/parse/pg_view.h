// Views as PostgreSQL stores them: `*` and `t.*` are expanded when the view is created, against the
// columns the relations have then (what pg_get_viewdef shows), and the view's output column names
// are fixed then too. Part of the parse stage: works on libpg_query parse trees (pg_view.cpp).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parse/pg_parse.h"

namespace p2s {

// One `*` or `t.*` target, and the columns it stood for when the view was created.
struct StarExpansion {
  const void* target = nullptr;  // the ResTarget Node inside the view's parse tree
  std::vector<std::pair<std::string, std::string>> columns;  // (qualifier, column) in order
  std::vector<QualifiedName> relations;                      // each column's relation (ColumnBinding)
  std::vector<bool> pinned;                                  // each column's UsingPin (ColumnBinding)
};

// A column reference resolved, when the view was created, through the FROM clause of its own SELECT
// (or of an enclosing one) to the relation whose column it reads. Renames of that relation's columns
// are the only ones it follows.
struct ColumnBinding {
  const void* ref = nullptr;  // the ColumnRef message inside the view's parse tree
  // The relation as written in the FROM clause; no name: a column of a subquery, a CTE, a function or
  // a column alias list, whose name no rename changes.
  QualifiedName relation;
  std::string column;  // as written
  // A column a JOIN ... USING (or NATURAL) merges: it keeps the name the join gave it (UsingPin).
  bool pinned = false;
};

// A relation of the view read by a JOIN ... USING (or NATURAL) that merges some of its columns.
// PostgreSQL keeps the join's names for them (ruleutils' set_using_names pushes the USING names
// down): after a rename of one, it prints the relation with a column alias list that gives the
// merged columns their old names back, `"A" "A"(id, name) JOIN "B" USING (id)`.
struct UsingPin {
  const void* range_var = nullptr;   // the RangeVar message inside the view's parse tree
  QualifiedName relation;            // as written
  std::vector<std::string> columns;  // the merged columns, as written (the USING names)
};

// A NATURAL join and the columns it merged when the view was created: PostgreSQL keeps those and
// prints USING (a column added to both sides later does not join them).
struct NaturalJoin {
  const void* join = nullptr;  // the JoinExpr message inside the view's parse tree
  std::vector<std::string> columns;
};

// A view's column renames, per relation it reads: the relation as written (relation_key) -> its
// renames, and the references bound to each. References not bound (their relation could not be
// told) take the flat ColumnMap.
struct ViewColumns {
  std::vector<ColumnBinding> refs;
  std::map<std::string, ColumnMap> renames;
  std::vector<UsingPin> pins;
  std::vector<NaturalJoin> naturals;
};
std::string relation_key(const QualifiedName& written);

// Every column reference of a parse tree (stars left out): its message and its column as written.
std::vector<std::pair<const void*, std::string>> column_refs(PgNode stmt);

struct ViewShape {
  std::vector<StarExpansion> stars;
  std::vector<ColumnBinding> bindings;
  std::vector<UsingPin> pins;
  std::vector<NaturalJoin> naturals;
  std::vector<std::string> output_columns;  // the view's column names, in order
  std::vector<std::string> star_columns;    // every column a star stood for
  bool complete = true;                     // false: some star could not be expanded (left as written)
};

// The column names of a relation (table, view, materialized view) as the model has them now.
using RelationColumns = std::function<std::optional<std::vector<std::string>>(const QualifiedName&)>;

// The types of a relation's columns, in the order RelationColumns gives them, as PostgreSQL's internal
// names with their typmods ("int4", "float8", "timestamptz(3)", "varchar(191)[]"); empty: not known
// (a view's columns).
using RelationColumnTypes = std::function<std::vector<std::string>(const QualifiedName&)>;

// Expands the stars of a ViewStmt or CreateTableAsStmt node against `columns_of` (and `types_of`, for
// the column a JOIN ... USING merges two columns of different types into).
ViewShape analyze_view(PgNode stmt, const RelationColumns& columns_of,
                       const RelationColumnTypes& types_of = {});

// A view whose rows are one relation's rows, projected: its SELECT reads one relation (no join,
// subquery, CTE or column alias list), without DISTINCT, GROUP BY, HAVING, window clauses, set
// operations, LIMIT/OFFSET or VALUES, and every output column is a plain column reference or one a
// star stood for. A unique index on such a materialized view is a unique key over the relation's rows
// (over those the WHERE keeps).
struct Projection {
  QualifiedName relation;            // as written
  std::vector<std::string> columns;  // per output column: the relation's column it reads, as written
  bool filtered = false;             // a WHERE keeps some rows only
};
std::optional<Projection> plain_projection(PgNode stmt, const std::vector<StarExpansion>& stars);

// render_view (pg_parse.h) with the stars replaced by the columns they stood for, each bound column
// reference renamed through its own relation's renames (a pinned one keeps its name), a relation
// whose merged columns were renamed given the column alias list PostgreSQL prints (its columns now,
// from `columns_now`, by its name now), and NATURAL joins written as USING.
std::string render_view_expanded(PgNode stmt, const ColumnMap& columns, const RelationMap& relations,
                                 const std::vector<StarExpansion>& stars, const ViewColumns& bound = {},
                                 const RelationColumns& columns_now = {}, const OidNames& labels = {});

}  // namespace p2s
