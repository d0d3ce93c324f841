// emit: planned steps -> the text of one sequelize-cli migration. A pure function: the same
// steps give the same bytes (LF endings, no timestamps, no absolute paths).
#pragma once

#include <string>
#include <vector>

#include "ops.h"

namespace p2s {

struct Segment {
  bool transaction = true;
  std::string why;  // non-empty when the file had to be split here
  std::vector<Step> steps;
};

struct MigrationText {
  std::string source;  // "<folder>/migration.sql", for the header
  std::vector<Segment> segments;
  std::vector<uint32_t> step_lines;  // unused by emit; kept by the caller
};

std::string emit_migration(const std::string& source, const std::vector<Segment>& segments,
                           const std::vector<std::string>& step_labels);

}  // namespace p2s
