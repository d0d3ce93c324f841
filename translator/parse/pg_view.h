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
};

struct ViewShape {
  std::vector<StarExpansion> stars;
  std::vector<std::string> output_columns;  // the view's column names, in order
  std::vector<std::string> star_columns;    // every column a star stood for
  bool complete = true;                     // false: some star could not be expanded (left as written)
};

// The column names of a relation (table, view, materialized view) as the model has them now.
using RelationColumns = std::function<std::optional<std::vector<std::string>>(const QualifiedName&)>;

// Expands the stars of a ViewStmt or CreateTableAsStmt node against `columns_of`.
ViewShape analyze_view(PgNode stmt, const RelationColumns& columns_of);

// render_view (pg_parse.h) with the stars replaced by the columns they stood for.
std::string render_view_expanded(PgNode stmt, const ColumnMap& columns, const RelationMap& relations,
                                 const std::vector<StarExpansion>& stars);

}  // namespace p2s
