#include "plan/plan_key_order.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "model/key_order.h"
#include "plan/plan_steps.h"
#include "plan/plan_util.h"

namespace p2s {

struct KeyOrderBefore {
  struct Key {
    std::optional<Constraint> constraint;
    std::optional<Index> index;
    // Where a down() adding it back emits it: constraints in table order, then indexes in theirs.
    std::pair<bool, size_t> emitted{false, 0};
    const std::string& name() const { return constraint ? constraint->name : index->name; }
  };
  struct ForeignKey {
    QName table;
    Constraint constraint;
  };
  struct Group {
    QName table;
    std::vector<std::string> set;
    std::vector<Key> keys;  // oldest first
    std::vector<ForeignKey> foreign_keys;
  };
  std::vector<Group> groups;
};

namespace {

// Statements whose down() may add a key back or rebuild one: drops, and ALTER TABLE that drops a
// column or a constraint or changes a column's type. (A DO block's statements are planned one by one.)
bool may_drop_keys(const Statement& stmt) {
  if (std::holds_alternative<Drop>(stmt.kind)) return true;
  const auto* a = std::get_if<AlterTable>(&stmt.kind);
  return a != nullptr && std::any_of(a->cmds.begin(), a->cmds.end(), [](const AlterCmd& c) {
           return std::holds_alternative<DropColumn>(c) || std::holds_alternative<DropConstraint>(c) ||
                  std::holds_alternative<AlterColumnType>(c);
         });
}

std::pair<bool, size_t> position_in(const Schema& schema, const QName& table, const KeyCandidate& c) {
  if (c.index != nullptr) return {true, static_cast<size_t>(c.index - schema.indexes.data())};
  const Table* t = schema.table(table);
  return {false, t == nullptr ? 0 : static_cast<size_t>(c.constraint - t->constraints.data())};
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

std::shared_ptr<const KeyOrderBefore> key_order_before(const Statement& stmt, const Schema& before) {
  if (!may_drop_keys(stmt)) return nullptr;
  std::vector<KeyGroup> groups = shared_key_groups(before);
  if (groups.empty()) return nullptr;
  auto out = std::make_shared<KeyOrderBefore>();
  for (const KeyGroup& g : groups) {
    KeyOrderBefore::Group copy{g.table, g.set, {}, {}};
    for (const KeyCandidate& c : g.keys) {
      KeyOrderBefore::Key k;
      if (c.constraint != nullptr) k.constraint = *c.constraint;
      if (c.index != nullptr) k.index = *c.index;
      k.emitted = position_in(before, g.table, c);
      copy.keys.push_back(std::move(k));
    }
    out->groups.push_back(std::move(copy));
  }
  for (const Table& t : before.tables) {
    for (const Constraint& fk : t.constraints) {
      if (fk.kind != ConstraintKind::kForeignKey) continue;
      const std::vector<std::string> set = column_set(referenced_columns(before, fk));
      for (KeyOrderBefore::Group& g : out->groups) {
        if (same_name(fk.ref_table, g.table) && set == g.set) g.foreign_keys.push_back({t.name, fk});
      }
    }
  }
  return out;
}

void restore_key_order(Step& s, const Schema& after) {
  if (!s.key_order) return;
  const std::shared_ptr<const KeyOrderBefore> before = std::move(s.key_order);
  for (const KeyOrderBefore::Group& g : before->groups) {
    // The order PostgreSQL will have once the rest of the down() ran: the keys that are still
    // there in theirs, then the ones it adds back.
    const std::vector<KeyCandidate> kept = key_candidates(after, g.table, g.set);
    std::vector<std::pair<uint64_t, const KeyOrderBefore::Key*>> order;
    std::vector<std::pair<std::pair<bool, size_t>, const KeyOrderBefore::Key*>> added;
    for (const KeyOrderBefore::Key& k : g.keys) {
      auto it =
          std::find_if(kept.begin(), kept.end(), [&](const KeyCandidate& c) { return c.name() == k.name(); });
      if (it != kept.end()) {
        order.emplace_back(it->created(), &k);
      } else {
        added.emplace_back(k.emitted, &k);
      }
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::stable_sort(added.begin(), added.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<const KeyOrderBefore::Key*> will;
    for (const auto& [stamp, k] : order) will.push_back(k);
    for (const auto& [at, k] : added) will.push_back(k);
    // The fewest keys to make again: those after the longest run of the old order (from the
    // oldest) that PostgreSQL will have in that order; the others drop out of the way, and come
    // back newest, in the old order.
    std::vector<size_t> at;  // each key's place in `will`
    for (const KeyOrderBefore::Key& k : g.keys)
      at.push_back(static_cast<size_t>(std::find(will.begin(), will.end(), &k) - will.begin()));
    size_t keep = 1;
    while (keep < at.size() && at[keep] > at[keep - 1]) ++keep;
    if (keep == g.keys.size()) continue;
    std::vector<const KeyOrderBefore::Key*> remake;
    for (size_t i = keep; i < g.keys.size(); ++i) remake.push_back(&g.keys[i]);
    s.down.push_back(
        NoteOp{"PostgreSQL binds a foreign key to the oldest unique key over its columns: the keys over " +
               display(g.table) + " (" + joined(g.set) + ") are made again in their order."});
    // The foreign keys are bound to the oldest key PostgreSQL will have: if it is not the oldest
    // of the old order, it is made again, and they are too.
    const bool rebind = will.front() != &g.keys.front();
    if (rebind) {
      for (const KeyOrderBefore::ForeignKey& fk : g.foreign_keys)
        s.down.push_back(drop_constraint_op(fk.table, fk.constraint.name));
    }
    for (auto it = remake.rbegin(); it != remake.rend(); ++it) {
      const KeyOrderBefore::Key& k = **it;
      s.down.push_back(k.constraint ? drop_constraint_op(g.table, k.name())
                                    : drop_index_op(g.table, k.name(), false));
    }
    for (const KeyOrderBefore::Key* k : remake) {
      if (k->constraint) {
        add_constraint_back(g.table, *k->constraint, after, s.down);
      } else {
        recreate_index(*k->index, after, s.down);
      }
    }
    if (!rebind) continue;
    for (const KeyOrderBefore::ForeignKey& fk : g.foreign_keys) {
      add_constraint_back(fk.table, fk.constraint, after, s.down);
    }
  }
}

void restore_bound_foreign_keys(const QName& table, const std::vector<std::string>& set,
                                const std::string& name, const Schema& before, const PlanOptions& o,
                                std::vector<Op>& down, Step& s) {
  if (!binds_foreign_keys(before, table, set, name)) return;
  for (const Table& other : before.tables) {
    for (const Constraint& fk : other.constraints) {
      if (!references_set(before, fk, table, set)) continue;
      if (rows_may_break(other.name, fk, o.later))
        fit_rows_to_constraint(other.name, other, fk, before, down, s);
      add_constraint_back(other.name, fk, before, down);
    }
  }
}

}  // namespace p2s
