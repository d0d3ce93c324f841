// Private to the replay files: shared helpers and the rename family (replay_rename.cpp).
#pragma once

#include <algorithm>
#include <string>
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

void apply_rename(const Rename& r, Schema& schema, SourceLoc loc, Diagnostics& diags);
void apply_rename_value(const AlterEnumRenameValue& r, Schema& schema, SourceLoc loc, Diagnostics& diags);
void apply_set_schema(const SetSchema& m, Schema& schema, SourceLoc loc, Diagnostics& diags);

}  // namespace p2s
