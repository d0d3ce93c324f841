// The convert command: history -> parse -> lower -> replay/plan -> emit -> check -> write.
#pragma once

#include <filesystem>
#include <iosfwd>

#include "history/order.h"

namespace p2s {

struct ConvertOptions {
  std::filesystem::path input;
  std::filesystem::path output;
  bool strict_down = false;
  bool quiet = false;
  bool check = false;  // compare with OUT_DIR instead of writing: exit 1 on any difference
  bool diff = false;   // with check: print a unified diff of each differing file on `out`
  // A migration.sql that does not parse no longer stops the conversion: its up() sends the file
  // as it is, its down() throws; the exit code is then kConvertedWithErrors.
  bool keep_going = false;
  // Which rule Prisma ordered the folders by; kUnspecified refuses a history the rules disagree on.
  MigrationOrder order = MigrationOrder::kUnspecified;
  unsigned threads = 0;  // for the pure stages (parse, lower, check); 0: one per core
};

// Exit codes: 0 converted; 1 the input's fault (nothing written); 2 converted with errors
// (--keep-going passed unparsable files through); 3 our bug.
constexpr int kConvertedWithErrors = 2;

// Returns the process exit code; diagnostics and the summary go to `err`, --diff output to `out`.
int convert(const ConvertOptions& options, std::ostream& out, std::ostream& err);

}  // namespace p2s
