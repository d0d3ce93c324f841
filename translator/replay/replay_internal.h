// Private to the replay files: shared helpers and the rename family (replay_rename.cpp).
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "lower/ir.h"

namespace p2s {

template <typename T, typename Pred>
void erase_if(std::vector<T>& v, Pred pred) {
  v.erase(std::remove_if(v.begin(), v.end(), pred), v.end());
}

inline void missing(Diagnostics& diags, SourceLoc loc, const std::string& what) {
  diags.warning(loc, what + " does not exist in the replayed schema: PostgreSQL stops at this statement",
                "unknown-object");
}

// How PostgreSQL types a definition's string constants as enums (pg_enum_constants.h), given the
// table and column (its name now) each column reference of the definition reads.
using ColumnOf = std::function<std::optional<std::pair<QName, std::string>>(const void* column_ref)>;
EnumTypes enum_types(const Schema& schema, ColumnOf column_of);

void apply_rename(const Rename& r, Schema& schema, SourceLoc loc, Diagnostics& diags);
void apply_rename_value(const AlterEnumRenameValue& r, Schema& schema, SourceLoc loc, Diagnostics& diags);
void apply_set_schema(const SetSchema& m, Schema& schema, SourceLoc loc, Diagnostics& diags);

}  // namespace p2s
