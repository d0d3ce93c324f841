// replay: apply one statement to the schema model (the schema as PostgreSQL would have it after
// the statement). Statements that name objects the model does not have are reported: PostgreSQL
// would stop there.
#pragma once

#include <optional>

#include "base/diagnostics.h"
#include "lower/ir.h"

namespace p2s {

// Applies the statement with the names with_chosen_names gives it.
void apply(const Statement& stmt, Schema& schema, Diagnostics& diags);
void apply_cmd(const AlterCmd& cmd, const QName& table, Schema& schema, SourceLoc loc, Diagnostics& diags);

// The statement with a name for each index and constraint it creates without one, as PostgreSQL
// would choose it on the schema `before` (replay_names.cpp); nullopt when it names all of them.
std::optional<Statement> with_chosen_names(const Statement& stmt, const Schema& before);

// Helpers shared with the planner.
bool rename_target_exists(const Rename& r, const Schema& schema);
void rename_in_map(ColumnMap& renames, std::vector<std::string>& columns, const std::string& from,
                   const std::string& to);
bool mentions(const std::vector<std::string>& columns, const std::string& column);
// The storage parameters of the index, view or materialized view an ALTER ... SET / RESET names;
// nullptr when the model does not have it.
RelOptions* relation_options(Schema& schema, const SetRelationOptions& r);
const RelOptions* relation_options(const Schema& schema, const SetRelationOptions& r);
// One SET (...) or RESET (...) applied to `options`.
void apply_options(RelOptions& options, const SetOptions& change);

}  // namespace p2s
