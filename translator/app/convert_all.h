// convert --all ROOT: every Prisma history under ROOT (a folder holding migration_lock.toml;
// node_modules and .git are skipped), each converted on its own (atomically, as convert does)
// into the folder --out-pattern names, several at once, then one summary table.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

#include "app/convert.h"

namespace p2s {

struct ConvertAllOptions {
  std::filesystem::path root;
  unsigned jobs = 0;  // 0: one per core
  // {project}: the folder holding prisma/ (the history's grandparent when its parent is named
  // "prisma", else its parent); {history}: the history folder itself.
  std::string out_pattern = "{project}/sequelize/migrations";
  ConvertOptions each;  // strict_down, quiet, check, diff, keep_going apply to every history
};

// Exit code: 0 all converted; 2 some converted with errors (--keep-going); 1 some failed; 3 one
// hit our bug.
int convert_all(const ConvertAllOptions& options, std::ostream& out, std::ostream& err);

}  // namespace p2s
