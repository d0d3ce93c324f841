// The convert command: history -> parse -> lower -> replay/plan -> emit -> check -> write.
#pragma once

#include <filesystem>
#include <iosfwd>

namespace p2s {

struct ConvertOptions {
  std::filesystem::path input;
  std::filesystem::path output;
  bool strict_down = false;
  bool quiet = false;
  bool check = false;  // compare with OUT_DIR instead of writing: exit 1 on any difference
};

// Returns the process exit code; diagnostics and the summary go to `err`.
int convert(const ConvertOptions& options, std::ostream& err);

}  // namespace p2s
