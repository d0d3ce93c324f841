// emit: planned steps -> the text of one sequelize-cli migration. A pure function: the same
// steps give the same bytes (LF endings, no timestamps, no absolute paths).
#pragma once

#include <string>
#include <vector>

#include "plan/ops.h"

namespace p2s {

// The statements for a list of operations inside a transaction callback (used by the unit tests).
std::string emit_ops(const std::vector<Op>& ops);

std::string emit_migration(const std::string& source, const std::vector<Segment>& segments,
                           const std::vector<std::string>& step_labels);

}  // namespace p2s
