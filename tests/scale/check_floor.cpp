// What convert's own output check costs by itself: every .js file of a converted folder parsed by
// the check stage (tree-sitter-javascript, p2s::check_migration_js) on one thread, nothing else.
// scripts/bench puts it beside the parse floor, as the share of convert's CPU time that validating
// its output takes. Usage: p2s_check_floor SEQUELIZE_DIR
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "check/check.h"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc != 2) {
    std::cerr << "usage: p2s_check_floor SEQUELIZE_DIR\n";
    return 2;
  }
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(argv[1])) {
    if (e.is_regular_file() && e.path().extension() == ".js") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  size_t bytes = 0, failures = 0;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    bytes += text.str().size();
    if (const auto failure = p2s::check_migration_js(text.str(), 1)) {
      ++failures;
      std::cerr << f.string() << ':' << failure->line << ':' << failure->column << ": " << failure->message
                << '\n';
    }
  }
  std::cout << files.size() << " files, " << bytes << " bytes of JavaScript, " << failures
            << " failed the check\n";
  return failures == 0 ? 0 : 1;
}
