// What a migration has made so far (plan.h: NewRelations): the tables and columns its down() drops.
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "model/schema.h"
#include "plan/plan.h"

namespace p2s {

NewRelations new_relations(const Statement& st, const Schema& before) {
  NewRelations fresh;
  if (const auto* ct = std::get_if<CreateTable>(&st.kind);
      ct != nullptr && before.table(ct->name) == nullptr) {
    fresh.table = ct->name;
  } else if (const auto* at = std::get_if<AlterTable>(&st.kind)) {
    const Table* t = before.table(at->table);
    for (const AlterCmd& cmd : at->cmds) {
      const auto* add = std::get_if<AddColumn>(&cmd);
      if (t != nullptr && add != nullptr && t->column(add->column.name) == nullptr)
        fresh.columns.emplace_back(t->name, add->column.name);
    }
  }
  return fresh;
}

void record_new_relations(const NewRelations& fresh, const Schema& after, PlanOptions& o) {
  if (fresh.table && after.table(*fresh.table) != nullptr) o.created_tables.push_back(*fresh.table);
  for (const auto& [table, column] : fresh.columns) {
    const Table* t = after.table(table);
    if (t != nullptr && t->column(column) != nullptr) o.added_columns.emplace_back(table, column);
  }
}

}  // namespace p2s
