// The Prisma migration history: which folders count, in which order, and what each becomes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "history/order.h"

namespace p2s {

struct Migration {
  std::string folder;       // folder name, e.g. "20240101120000_add_users"
  std::string output_name;  // e.g. "20240101120000-add_users.js"
  uint32_t file = 0;        // index of migration.sql in the SourceSet
};

struct History {
  std::filesystem::path dir;
  std::vector<Migration> migrations;
};

// Reads migration_lock.toml (refusing any provider but postgresql), lists the subfolders that hold
// migration.sql in the order Prisma runs them under `order`, and loads each file into `sources`.
// With kUnspecified, a history the two rules order differently is refused [ambiguous-order],
// naming the first pair of folders they disagree on. Skipped entries are reported as warnings.
bool load_history(const std::filesystem::path& dir, MigrationOrder order, SourceSet& sources,
                  Diagnostics& diags, History& out);

// Output file names whose byte order equals the order of `folders`, which are sorted under `order`
// (see README, "File names").
std::vector<std::string> output_names(const std::vector<std::string>& folders,
                                      MigrationOrder order = MigrationOrder::kBytes);

}  // namespace p2s
