// Names for the objects a statement creates without one: PostgreSQL's choice (choose_name.h)
// depends on what the schema holds when the statement runs, so it is made here, against the model
// before the statement, and written into a copy of the statement that plan and replay then use.
#include <algorithm>

#include "base/overloaded.h"
#include "model/choose_name.h"
#include "replay/replay.h"

namespace p2s {
namespace {

bool is_index_backed(ConstraintKind k) {
  return k == ConstraintKind::kPrimaryKey || k == ConstraintKind::kUnique || k == ConstraintKind::kExclusion;
}

// One statement's choices in one schema: what the model holds, plus what this statement has
// already created and the model does not have yet.
struct Chooser {
  const Schema& schema;
  std::string nsp;
  std::vector<std::string> relations;
  std::vector<std::string> constraints;

  bool relation_taken(const std::string& n) const {
    return std::find(relations.begin(), relations.end(), n) != relations.end() ||
           relation_name_taken(schema, nsp, n);
  }
  bool constraint_taken(const std::string& n) const {
    return std::find(constraints.begin(), constraints.end(), n) != constraints.end() ||
           constraint_name_taken(schema, nsp, n);
  }
  // Records a constraint created by this statement, choosing its name when it has none.
  // `columns`: the table's columns, which a CHECK's one column must be (not a whole-row reference).
  void name(const std::string& table, const std::vector<Column>& columns, Constraint& k) {
    if (k.name.empty()) {
      NameRule rule = constraint_name_rule(k.kind, k.name_columns);
      if (k.kind == ConstraintKind::kCheck && !rule.name2.empty() &&
          std::none_of(columns.begin(), columns.end(), [&](const Column& c) { return c.name == rule.name2; }))
        rule.name2.clear();
      k.name = choose_name(table, rule.name2, rule.label, [&](const std::string& n) {
        return constraint_taken(n) || (rule.index_backed && relation_taken(n));
      });
    }
    constraints.push_back(k.name);
    if (is_index_backed(k.kind)) relations.push_back(k.name);
  }
};

bool any_unnamed(const std::vector<Constraint>& ks) {
  return std::any_of(ks.begin(), ks.end(), [](const Constraint& k) { return k.name.empty(); });
}

// CREATE TABLE: CHECK constraints are named as the table is created (heap.c
// AddRelationNewConstraints), then the primary key and the other key constraints become indexes
// (parse_utilcmd.c transformIndexConstraints puts the primary key first), then foreign keys are
// added one ALTER TABLE each. The table and its serial sequences exist by then.
void name_create_table(CreateTable& c, const Schema& before) {
  Chooser ch{before, canonical(c.name).schema, {c.name.name}, {}};
  for (const Column& col : c.columns) {
    if (col.serial)
      ch.relations.push_back(choose_serial_sequence(
          before, c.name, col.name, [&](const std::string& n) { return ch.relation_taken(n); }));
  }
  auto phase = [](const Constraint& k) {
    switch (k.kind) {
      case ConstraintKind::kCheck:
        return 0;
      case ConstraintKind::kPrimaryKey:
        return 1;
      case ConstraintKind::kUnique:
      case ConstraintKind::kExclusion:
        return 2;
      case ConstraintKind::kForeignKey:
        return 3;
    }
    return 3;
  };
  for (int p = 0; p <= 3; ++p) {
    for (Constraint& k : c.constraints) {
      if (phase(k) == p) ch.name(c.name.name, c.columns, k);
    }
  }
}

// ALTER TABLE: each command against the model as the earlier ones left it.
void name_alter_table(AlterTable& a, const Schema& before) {
  Schema scratch = before;
  Diagnostics ignored;
  for (AlterCmd& cmd : a.cmds) {
    const Table* t = scratch.table(a.table);
    if (t == nullptr) return;
    Chooser ch{scratch, canonical(a.table).schema, {}, {}};
    std::vector<Column> columns = t->columns;
    if (auto* column = std::get_if<AddColumn>(&cmd)) {
      columns.push_back(column->column);
      for (Constraint& k : column->constraints) ch.name(t->name.name, columns, k);
    } else if (auto* constraint = std::get_if<AddConstraint>(&cmd)) {
      ch.name(t->name.name, columns, constraint->constraint);
    }
    apply_cmd(cmd, a.table, scratch, SourceLoc{}, ignored);
  }
}

}  // namespace

std::optional<Statement> with_chosen_names(const Statement& stmt, const Schema& before) {
  const bool needed =
      std::visit(Overloaded{
                     [](const CreateTable& c) { return any_unnamed(c.constraints); },
                     [](const AlterTable& a) {
                       return std::any_of(a.cmds.begin(), a.cmds.end(), [](const AlterCmd& cmd) {
                         if (const auto* column = std::get_if<AddColumn>(&cmd))
                           return any_unnamed(column->constraints);
                         if (const auto* k = std::get_if<AddConstraint>(&cmd))
                           return k->constraint.name.empty();
                         return false;
                       });
                     },
                     [](const Box<CreateIndex>& c) { return c->index.name.empty(); },
                     [](const auto&) { return false; },
                 },
                 stmt.kind);
  if (!needed) return std::nullopt;
  Statement named = stmt;
  std::visit(Overloaded{
                 [&](CreateTable& c) { name_create_table(c, before); },
                 [&](AlterTable& a) { name_alter_table(a, before); },
                 [&](Box<CreateIndex>& boxed) {
                   CreateIndex& c = *boxed;
                   // indexcmds.c ChooseIndexName: a plain index (UNIQUE or not) is "idx", free among
                   // the schema's relations only.
                   Chooser ch{before, canonical(c.index.table).schema, {}, {}};
                   c.index.name =
                       choose_name(c.index.table.name, name_addition(index_column_names(c.name_columns)),
                                   "idx", [&](const std::string& n) { return ch.relation_taken(n); });
                 },
                 [](auto&) {},
             },
             named.kind);
  return named;
}

}  // namespace p2s
