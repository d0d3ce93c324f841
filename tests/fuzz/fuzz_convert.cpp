// Fuzz target: the whole pipeline (convert) on a history of 1 to 3 migrations cut from the input at
// lines "-- p2s-fuzz: next migration". Invariants checked on every input:
//  - exit code 0, 1 or 2 (never 3, never an exception or a signal);
//  - exit 1 writes nothing (no OUT_DIR, no temporary folder beside it);
//  - every emitted .js file passes the tree-sitter check;
//  - two runs give the same exit code, the same messages and the same bytes.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>

#include "check/check.h"
#include "app/convert.h"

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kNext = "\n-- p2s-fuzz: next migration\n";

[[noreturn]] void fail(const std::string& what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_convert: invariant broken: %s\n%s\n", what.c_str(), detail.c_str());
  std::abort();
}

const fs::path& work_dir() {
  static const fs::path dir = [] {
    const char* base = fs::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
    std::string pattern = std::string(base) + "/p2s-fuzz-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) fail("mkdtemp", pattern);
    return fs::path(pattern);
  }();
  return dir;
}

std::map<std::string, std::string> read_tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    out[e.path().filename().string()] = buf.str();
  }
  return out;
}

struct Run {
  int rc = 0;
  std::string messages;
  std::map<std::string, std::string> files;
};

Run run(const fs::path& input, const fs::path& out) {
  p2s::ConvertOptions options;
  options.input = input;
  options.output = out;
  std::ostringstream err;
  Run r;
  try {
    r.rc = p2s::convert(options, err, err);
  } catch (const std::exception& e) {
    fail("convert threw (exit 3 in the CLI)", e.what());
  }
  r.messages = err.str();
  r.files = read_tree(out);
  if (r.rc != 0 && r.rc != 1 && r.rc != 2) fail("exit code " + std::to_string(r.rc), r.messages);
  if (r.rc == 1 && !r.files.empty()) fail("exit 1 wrote files", r.messages);
  for (const auto& e : fs::directory_iterator(out.parent_path())) {
    if (e.path().filename().string().find(".p2s-tmp-") != std::string::npos)
      fail("a temporary folder was left behind", e.path().string());
  }
  for (const auto& [name, text] : r.files) {
    if (name.size() < 3 || name.compare(name.size() - 3, 3, ".js") != 0) continue;
    if (auto bad = p2s::check_migration_js(text)) {
      fail("tree-sitter check failed for " + name + ":" + std::to_string(bad->line) + ":" +
               std::to_string(bad->column) + ": " + bad->message,
           text);
    }
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const fs::path root = work_dir();
  const fs::path history = root / "migrations";
  fs::remove_all(root / "a");
  fs::remove_all(root / "b");
  fs::remove_all(history);
  fs::create_directories(history);
  std::ofstream(history / "migration_lock.toml") << "provider = \"postgresql\"\n";
  size_t begin = 0;
  for (int i = 1; i <= 3; ++i) {
    size_t end = i == 3 ? std::string_view::npos : input.find(kNext, begin);
    const std::string_view text = input.substr(begin, end == std::string_view::npos ? end : end - begin);
    const fs::path folder = history / ("2024010100000" + std::to_string(i) + "_m" + std::to_string(i));
    fs::create_directory(folder);
    std::ofstream(folder / "migration.sql", std::ios::binary) << text;
    if (end == std::string_view::npos) break;
    begin = end + kNext.size();
  }
  const Run a = run(history, root / "a");
  const Run b = run(history, root / "b");
  if (a.rc != b.rc || a.messages != b.messages) fail("two runs differ (exit code or messages)", a.messages);
  if (a.files != b.files) fail("two runs wrote different bytes", a.messages);
  return 0;
}
