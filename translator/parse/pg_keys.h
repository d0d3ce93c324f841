// What a down() needs to find the rows that break a constraint or a unique index before it adds
// the constraint back: a CHECK's expression, an index's key expressions and predicate, as SQL over
// the table's current column names. Parse stage: reads the kept parse nodes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parse/pg_parse.h"

namespace p2s {

// The expression of a CHECK constraint node; nothing for other constraints. `labels`: enum labels
// and type names renamed since written (OidNames).
std::optional<std::string> check_expression(PgNode constraint, const ColumnMap& columns,
                                            const OidNames& labels = {});

struct UniqueKey {
  std::vector<std::string> exprs;    // one a key element, deparsed
  std::vector<std::string> columns;  // the element's column, or "" for an expression
  std::string where;                 // a partial index's predicate, or empty
  bool nulls_not_distinct = false;
};

// The key of a CREATE [UNIQUE] INDEX node, columns renamed through `columns`, `labels` applied.
UniqueKey index_key(PgNode index_stmt, const ColumnMap& columns, const OidNames& labels = {});
// Whether a UNIQUE constraint node says NULLS NOT DISTINCT.
bool nulls_not_distinct(PgNode constraint);

}  // namespace p2s
