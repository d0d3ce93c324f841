#include "model/key_order.h"

#include <algorithm>
#include <map>
#include <utility>

namespace p2s {

std::vector<std::string> column_set(std::vector<std::string> columns) {
  std::sort(columns.begin(), columns.end());
  return columns;
}

std::vector<std::string> candidate_set(const Constraint& k) {
  const bool key = k.kind == ConstraintKind::kPrimaryKey || k.kind == ConstraintKind::kUnique;
  if (!key || k.deferrable) return {};
  return column_set(key_columns(k));
}

std::vector<std::string> candidate_set(const Index& i) {
  if (!i.unique || i.keys.empty()) return {};  // keys: plain columns only, no WHERE
  return column_set(current_names(i.keys, i.renames));
}

bool references_set(const Schema& schema, const Constraint& fk, const QName& table,
                    const std::vector<std::string>& set) {
  return fk.kind == ConstraintKind::kForeignKey && same_name(fk.ref_table, table) &&
         column_set(referenced_columns(schema, fk)) == set;
}

namespace {

bool oldest_first(const KeyCandidate& a, const KeyCandidate& b) {
  return a.created() < b.created();
}

}  // namespace

std::vector<KeyCandidate> key_candidates(const Schema& schema, const QName& table,
                                         const std::vector<std::string>& set) {
  std::vector<KeyCandidate> out;
  if (set.empty()) return out;
  if (const Table* t = schema.table(table)) {
    for (const Constraint& k : t->constraints) {
      if (candidate_set(k) == set) out.push_back(KeyCandidate{&k, nullptr});
    }
  }
  for (const Index* i : schema.indexes_of(table)) {
    if (candidate_set(*i) == set) out.push_back(KeyCandidate{nullptr, i});
  }
  std::stable_sort(out.begin(), out.end(), oldest_first);
  return out;
}

bool binds_foreign_keys(const Schema& schema, const QName& table, const std::vector<std::string>& set,
                        const std::string& name) {
  const std::vector<KeyCandidate> keys = key_candidates(schema, table, set);
  return !keys.empty() && keys.front().name() == name;
}

std::vector<KeyGroup> shared_key_groups(const Schema& schema) {
  // One pass over the keys and one over the indexes (not indexes_of per table: that is quadratic).
  std::map<std::pair<std::string, std::vector<std::string>>, KeyGroup> groups;
  auto add = [&](const QName& table, std::vector<std::string> set, KeyCandidate c) {
    if (set.empty()) return;
    KeyGroup& g = groups[{qualified(canonical(table)), set}];
    if (g.keys.empty()) {
      g.table = table;
      g.set = std::move(set);
    }
    g.keys.push_back(c);
  };
  for (const Table& t : schema.tables) {
    for (const Constraint& k : t.constraints) add(t.name, candidate_set(k), KeyCandidate{&k, nullptr});
  }
  for (const Index& i : schema.indexes) add(i.table, candidate_set(i), KeyCandidate{nullptr, &i});
  std::vector<KeyGroup> out;
  for (auto& [id, g] : groups) {
    if (g.keys.size() < 2) continue;
    std::stable_sort(g.keys.begin(), g.keys.end(), oldest_first);
    out.push_back(std::move(g));
  }
  return out;
}

void restamp_rebuilt(Schema& schema, Table& t, const std::string& column) {
  auto mentions = [&](const std::vector<std::string>& columns) {
    return std::find(columns.begin(), columns.end(), column) != columns.end();
  };
  std::vector<uint64_t*> stamps;
  for (Constraint& k : t.constraints) {
    const bool indexed = k.kind == ConstraintKind::kPrimaryKey || k.kind == ConstraintKind::kUnique ||
                         k.kind == ConstraintKind::kExclusion;
    if (indexed && mentions(k.columns)) stamps.push_back(&k.created);
  }
  auto by_stamp = [](const uint64_t* a, const uint64_t* b) { return *a < *b; };
  std::stable_sort(stamps.begin(), stamps.end(), by_stamp);
  const size_t constraints = stamps.size();
  for (Index& i : schema.indexes) {
    if (same_name(i.table, t.name) && mentions(i.columns)) stamps.push_back(&i.created);
  }
  std::stable_sort(stamps.begin() + static_cast<std::ptrdiff_t>(constraints), stamps.end(), by_stamp);
  for (uint64_t* s : stamps) *s = ++schema.clock;
}

}  // namespace p2s
