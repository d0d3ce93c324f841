// Which unique index a foreign key binds to. PostgreSQL binds a new foreign key to the first index,
// in oid order, that can back it (transformFkeyCheckAttrs): a unique, immediate (not DEFERRABLE)
// index without WHERE or expressions whose key columns are the referenced ones, in any order. The
// foreign key then depends on that index: DROP CONSTRAINT ... CASCADE of that key drops it, of
// another key over the same columns does not, and a plain DROP of it fails (2BP01).
//
// Oids grow with creation, so the model stamps every constraint and index when it is created
// (Schema::clock) and keeps the stamp through renames. ALTER COLUMN TYPE rebuilds the keys and
// indexes over the column: first the constraints' indexes, then the plain ones, each in their old
// order, with new oids. A foreign key is bound when it is created, and rebound when it is rebuilt,
// so it is always bound to the oldest candidate over its referenced columns.
#pragma once

#include <string>
#include <vector>

#include "model/schema.h"

namespace p2s {

// A key or index a foreign key can bind to: exactly one of `constraint` and `index` is set.
struct KeyCandidate {
  const Constraint* constraint = nullptr;
  const Index* index = nullptr;
  const std::string& name() const { return constraint != nullptr ? constraint->name : index->name; }
  uint64_t created() const { return constraint != nullptr ? constraint->created : index->created; }
};

// A column set as foreign keys match it: sorted current names.
std::vector<std::string> column_set(std::vector<std::string> columns);

// The key columns a constraint or index offers a foreign key, as a column set; empty when it
// cannot back one.
std::vector<std::string> candidate_set(const Constraint& k);
std::vector<std::string> candidate_set(const Index& i);

// Whether `fk` is a foreign key that references column set `set` of `table`.
bool references_set(const Schema& schema, const Constraint& fk, const QName& table,
                    const std::vector<std::string>& set);

// The candidates on `table` over `set`, oldest first.
std::vector<KeyCandidate> key_candidates(const Schema& schema, const QName& table,
                                         const std::vector<std::string>& set);

// Whether the foreign keys over `set` of `table` are bound to the key or index named `name`: it
// is the oldest candidate.
bool binds_foreign_keys(const Schema& schema, const QName& table, const std::vector<std::string>& set,
                        const std::string& name);

// Two or more candidates over the same columns of one table, oldest first.
struct KeyGroup {
  QName table;
  std::vector<std::string> set;
  std::vector<KeyCandidate> keys;
};
std::vector<KeyGroup> shared_key_groups(const Schema& schema);

// ALTER COLUMN TYPE: the keys and indexes over the column are rebuilt, with new stamps.
void restamp_rebuilt(Schema& schema, Table& t, const std::string& column);

}  // namespace p2s
