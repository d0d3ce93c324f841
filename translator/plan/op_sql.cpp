#include "plan/op_sql.h"

#include "base/overloaded.h"
#include "parse/pg_parse.h"

namespace p2s {
namespace {

std::string column_sql(const NativeColumn& c) {
  std::string s = quote_ident(c.name) + " " + c.type_sql;
  if (!c.allow_null) s += " NOT NULL";
  if (c.default_sql) s += " DEFAULT " + *c.default_sql;
  return s;
}

std::string list(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + quote_ident(n);
  return s;
}

}  // namespace

std::string op_sql(const Op& op) {
  return std::visit(
      Overloaded{
          [](const SqlOp& o) { return o.sql; },
          [](const CreateTableOp& o) {
            std::string s = "CREATE TABLE " + quote_ident(o.table) + " (";
            for (size_t i = 0; i < o.columns.size(); ++i) s += (i ? ", " : "") + column_sql(o.columns[i]);
            return s + ")";
          },
          [](const DropTableOp& o) { return "DROP TABLE " + quote_ident(o.table); },
          [](const RenameTableOp& o) {
            return "ALTER TABLE " + quote_ident(o.from) + " RENAME TO " + quote_ident(o.to);
          },
          [](const AddColumnOp& o) {
            return "ALTER TABLE " + quote_ident(o.table) + " ADD COLUMN " + column_sql(o.column);
          },
          [](const RemoveColumnOp& o) {
            return "ALTER TABLE " + quote_ident(o.table) + " DROP COLUMN " + quote_ident(o.column);
          },
          [](const RenameColumnOp& o) {
            return "ALTER TABLE " + quote_ident(o.table) + " RENAME COLUMN " + quote_ident(o.from) + " TO " +
                   quote_ident(o.to);
          },
          [](const AddIndexOp& o) {
            std::string s = std::string("CREATE ") + (o.unique ? "UNIQUE " : "") + "INDEX " +
                            quote_ident(o.name) + " ON " + quote_ident(o.table) +
                            (o.method.empty() ? "" : " USING " + o.method) + " (";
            for (size_t i = 0; i < o.fields.size(); ++i) {
              s += (i ? ", " : "") + quote_ident(o.fields[i].name) + (o.fields[i].desc ? " DESC" : "");
            }
            return s + ")";
          },
          [](const RemoveIndexOp& o) { return "DROP INDEX " + quote_ident(o.name); },
          [](const AddConstraintOp& o) {
            std::string s =
                "ALTER TABLE " + quote_ident(o.table) + " ADD CONSTRAINT " + quote_ident(o.name) + " ";
            switch (o.kind) {
              case ConstraintKind::kPrimaryKey:
                return s + "PRIMARY KEY (" + list(o.fields) + ")";
              case ConstraintKind::kUnique:
                return s + "UNIQUE (" + list(o.fields) + ")";
              case ConstraintKind::kForeignKey:
                s += "FOREIGN KEY (" + list(o.fields) + ") REFERENCES " + quote_ident(o.ref_table) + " (" +
                     list(o.ref_fields) + ")";
                if (!o.on_update.empty()) s += " ON UPDATE " + o.on_update;
                if (!o.on_delete.empty()) s += " ON DELETE " + o.on_delete;
                return s;
              case ConstraintKind::kCheck:
              case ConstraintKind::kExclusion:
                return std::string();  // never planned as native operations
            }
            return std::string();
          },
          [](const RemoveConstraintOp& o) {
            return "ALTER TABLE " + quote_ident(o.table) + " DROP CONSTRAINT " + quote_ident(o.name);
          },
          [](const ThrowOp&) { return std::string(); },
          [](const NoteOp&) { return std::string(); },
      },
      op);
}

std::string op_effect_sql(const Op& op) {
  const auto* sql = std::get_if<SqlOp>(&op);
  return sql != nullptr && !sql->effect.empty() ? sql->effect : op_sql(op);
}

}  // namespace p2s
