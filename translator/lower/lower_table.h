// Lowering of CREATE TABLE / ALTER TABLE (lower_table.cpp).
#pragma once

#include "lower/lower_util.h"

namespace p2s {

struct ColumnWithConstraints {
  Column column;
  std::vector<Constraint> constraints;
  std::string unsupported;  // non-empty: a column feature the model does not track
};

Constraint lower_constraint(const LowerCtx& ctx, const Ptr& constraint_node,
                            const std::string& inline_column);
ColumnWithConstraints lower_column(const LowerCtx& ctx, const Ptr& column_def_node, const QName& table);
StmtKind lower_create_table(const LowerCtx& ctx, const Ptr& create_stmt);
StmtKind lower_alter_table(const LowerCtx& ctx, const Ptr& alter_table_stmt);

}  // namespace p2s
