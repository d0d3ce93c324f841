// emit: planned steps -> the text of one sequelize-cli migration. A pure function: the same
// steps give the same bytes (LF endings, no timestamps, no absolute paths).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/ops.h"

namespace p2s {

// The statements for a list of operations inside a transaction callback (used by the unit tests).
std::string emit_ops(const std::vector<Op>& ops);

// `step_lines`: for each step of `segments` in order, its line in migration.sql, which its label
// shows after its summary (0: the label is the summary alone).
std::string emit_migration(const std::string& source, const std::vector<Segment>& segments,
                           const std::vector<uint32_t>& step_lines);

}  // namespace p2s
