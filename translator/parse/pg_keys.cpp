#include "parse/pg_keys.h"

#include "parse/pg_walk.h"

namespace p2s {

std::optional<std::string> check_expression(PgNode constraint, const ColumnMap& columns,
                                            const OidNames& labels) {
  const auto* node = static_cast<const PgQuery__Node*>(constraint.message);
  if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) return std::nullopt;
  const PgQuery__Constraint* c = node->constraint;
  if (c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK || c->raw_expr == nullptr) return std::nullopt;
  return deparse_expr(PgNode{c->raw_expr}, columns, labels);
}

UniqueKey index_key(PgNode index_stmt, const ColumnMap& columns, const OidNames& labels) {
  UniqueKey key;
  const auto* node = static_cast<const PgQuery__Node*>(index_stmt.message);
  if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_INDEX_STMT) return key;
  const PgQuery__IndexStmt* idx = node->index_stmt;
  key.nulls_not_distinct = idx->nulls_not_distinct;
  for (size_t i = 0; i < idx->n_index_params; ++i) {
    const PgQuery__Node* p = idx->index_params[i];
    if (p->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM) continue;
    const PgQuery__IndexElem* e = p->index_elem;
    if (e->expr != nullptr) {
      key.exprs.push_back("(" + deparse_expr(PgNode{e->expr}, columns, labels) + ")");
      key.columns.emplace_back();
    } else {
      std::string name = e->name;
      if (auto it = columns.find(name); it != columns.end()) name = it->second;
      key.exprs.push_back(quote_ident(name));
      key.columns.push_back(name);
    }
  }
  if (idx->where_clause != nullptr) key.where = deparse_expr(PgNode{idx->where_clause}, columns, labels);
  return key;
}

bool nulls_not_distinct(PgNode constraint) {
  const auto* node = static_cast<const PgQuery__Node*>(constraint.message);
  return node != nullptr && node->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
         node->constraint->nulls_not_distinct;
}

}  // namespace p2s
