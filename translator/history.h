// The Prisma migration history: which folders count, in which order, and what each becomes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "diagnostics.h"

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
// migration.sql in byte-wise order as Prisma does, and loads each file into `sources`.
// Skipped entries are reported as warnings.
bool load_history(const std::filesystem::path& dir, SourceSet& sources, Diagnostics& diags, History& out);

// Output file names whose byte order equals the folders' byte order (see README, "File names").
std::vector<std::string> output_names(const std::vector<std::string>& folders);

}  // namespace p2s
