// Lowering of CREATE INDEX.
#include "lower/lower_index.h"

#include <algorithm>

#include "lower/lower_name.h"

namespace p2s {

StmtKind lower_create_index(const LowerCtx& ctx, const Ptr& p) {
  const Json& s = ctx.at(p);
  CreateIndex ci;
  ci.index.table = range_var(s["relation"]);
  ci.index.name = str(s, "idxname");
  ci.index.node = ctx.pg(p.parent_pointer());  // the Node wrapping the IndexStmt
  ci.index.unique = flag(s, "unique");
  ci.concurrent = flag(s, "concurrent");
  ci.if_not_exists = flag(s, "if_not_exists");
  collect_column_refs(s, ci.index.columns);
  std::sort(ci.index.columns.begin(), ci.index.columns.end());
  ci.index.columns.erase(std::unique(ci.index.columns.begin(), ci.index.columns.end()),
                         ci.index.columns.end());
  ci.method = str(s, "accessMethod");
  if (s.contains("options")) {
    if (std::optional<RelOptions> options = rel_options(list(s, "options")))
      ci.index.options = ci.index.written_options = std::move(*options);
  }
  ci.simple =
      !s.contains("whereClause") && !s.contains("indexIncludingParams") && !flag(s, "nulls_not_distinct") &&
      !s.contains("options") && !s.contains("tableSpace") &&
      flag(s["relation"], "inh");  // ON ONLY a partitioned table: addIndex would index its partitions too
  for (const Json& param : list(s, "indexParams")) {
    const Json& e = param["IndexElem"];
    const std::string ordering = str(e, "ordering");
    const std::string nulls = str(e, "nulls_ordering");
    if (!e.contains("name") || e.contains("opclass") || e.contains("collation") ||
        e.contains("opclassopts") || (!nulls.empty() && nulls != "SORTBY_NULLS_DEFAULT") ||
        (ordering == "SORTBY_USING")) {
      ci.simple = false;
      continue;
    }
    ci.fields.emplace_back(str(e, "name"), ordering == "SORTBY_DESC");
  }
  if (!s.contains("whereClause")) {
    for (const Json& param : list(s, "indexParams")) {
      const Json& e = param["IndexElem"];
      if (!e.contains("name") || e.contains("opclass") || e.contains("collation")) {
        ci.index.keys.clear();
        break;
      }
      ci.index.keys.push_back(str(e, "name"));
    }
  }
  if (ci.index.name.empty()) {
    for (const char* key : {"indexParams", "indexIncludingParams"}) {
      for (const Json& param : list(s, key)) ci.name_columns.push_back(index_elem_name(param["IndexElem"]));
    }
  }
  return ci;
}

}  // namespace p2s
