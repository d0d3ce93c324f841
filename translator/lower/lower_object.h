// Lowering of views, functions, triggers and the other objects kept as text, and of DROP, RENAME
// and COMMENT ON (lower_object.cpp).
#pragma once

#include "lower/lower_util.h"

namespace p2s {

std::string with_or_replace(const std::string& create_sql);
// What COMMENT ON names an object of this kind by, from its key ("" where the key is not enough).
std::string comment_target_of(ObjectKind kind, const std::string& key);
StmtKind lower_view(const LowerCtx& ctx, const Ptr& view_stmt, const std::string& sql);
StmtKind lower_create_table_as(const LowerCtx& ctx, const Ptr& stmt, const std::string& sql);
StmtKind lower_function(const LowerCtx& ctx, const Ptr& stmt, const std::string& sql);
// ALTER FUNCTION | PROCEDURE | ROUTINE ... attribute actions (AlterFunctionStmt).
StmtKind lower_alter_function(const LowerCtx& ctx, const Ptr& stmt);
// ALTER TYPE | FUNCTION | PROCEDURE | ROUTINE | SCHEMA ... OWNER TO (an AlterOwnerStmt); relations
// change owner through ALTER TABLE (lower_alter_table).
StmtKind lower_alter_owner(const LowerCtx& ctx, const Ptr& stmt);
StmtKind lower_trigger(const LowerCtx& ctx, const Ptr& stmt, const std::string& sql);
StmtKind lower_simple_object(ObjectKind kind, const std::string& key, const std::string& drop_sql,
                             const std::string& sql, bool if_not_exists,
                             const std::string& comment_target = "");
StmtKind lower_drop(const LowerCtx& ctx, const Ptr& drop_stmt);
StmtKind lower_rename(const LowerCtx& ctx, const Ptr& rename_stmt);
StmtKind lower_comment(const LowerCtx& ctx, const Ptr& comment_stmt, const std::string& sql);

}  // namespace p2s
