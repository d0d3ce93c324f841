// The floor `convert` is measured against: read every migration.sql of a history and parse it once
// with libpg_query (to its protobuf form, as convert does), nothing else. scripts/bench compares
// the two. Usage: p2s_parse_floor PRISMA_MIGRATIONS_DIR
#include <pg_query.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc != 2) {
    std::cerr << "usage: p2s_parse_floor PRISMA_MIGRATIONS_DIR\n";
    return 2;
  }
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(argv[1])) {
    if (e.is_directory() && fs::exists(e.path() / "migration.sql"))
      files.push_back(e.path() / "migration.sql");
  }
  std::sort(files.begin(), files.end());
  size_t bytes = 0, errors = 0;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(text.str().c_str());
    bytes += r.parse_tree.len;
    errors += r.error != nullptr;
    pg_query_free_protobuf_parse_result(r);
  }
  std::cout << files.size() << " files, " << bytes << " protobuf bytes, " << errors << " syntax errors\n";
  return 0;
}
