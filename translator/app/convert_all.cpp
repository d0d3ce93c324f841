#include "app/convert_all.h"

#include <algorithm>
#include <fstream>
#include <mutex>
#include <ostream>
#include <sstream>
#include <vector>

#include "base/json.h"
#include "base/parallel.h"

namespace p2s {
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> find_histories(const fs::path& root) {
  std::vector<fs::path> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec) && (name == "node_modules" || name == ".git")) {
      it.disable_recursion_pending();
      continue;
    }
    if (name == "migration_lock.toml" && it->is_regular_file(ec)) found.push_back(it->path().parent_path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::string expand(std::string pattern, const fs::path& history) {
  const fs::path parent = history.parent_path();
  const fs::path project = parent.filename() == "prisma" ? parent.parent_path() : parent;
  auto replace = [&](const std::string& key, const std::string& value) {
    for (size_t at = pattern.find(key); at != std::string::npos; at = pattern.find(key, at + value.size()))
      pattern.replace(at, key.size(), value);
  };
  replace("{project}", project.string());
  replace("{history}", history.string());
  return pattern;
}

struct Result {
  fs::path history, out;
  int code = 0;
  std::string log;
  nlohmann::json summary;  // from the written conversion-report.json
};

std::string result_name(const Result& r, bool check) {
  switch (r.code) {
    case 0:
      return check ? "up to date" : "ok";
    case 1:
      return check ? "differs or failed" : "FAILED";
    case kConvertedWithErrors:
      return "converted with errors";
    default:
      return "FAILED (internal error)";
  }
}

std::string count(const nlohmann::json& s, const char* key) {
  return s.is_object() && s.contains(key) ? std::to_string(s[key].get<size_t>()) : "-";
}

}  // namespace

int convert_all(const ConvertAllOptions& options, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  if (!fs::is_directory(options.root, ec)) {
    err << "prisma2sequelize: --all: not a folder: " << options.root.string() << "\n";
    return 1;
  }
  const std::vector<fs::path> histories = find_histories(options.root);
  if (histories.empty()) {
    err << "prisma2sequelize: --all: no folder with a migration_lock.toml under " << options.root.string()
        << "\n";
    return 1;
  }
  std::vector<Result> results(histories.size());
  const unsigned jobs = options.jobs ? options.jobs : default_threads();
  parallel_for(histories.size(), jobs, [&](size_t i) {
    Result& r = results[i];
    r.history = histories[i];
    r.out = expand(options.out_pattern, histories[i]);
    ConvertOptions o = options.each;
    o.input = r.history;
    o.output = r.out;
    o.quiet = true;  // the table says it; warnings are in each report
    o.threads = 1;   // the histories share the cores
    std::ostringstream diff, log;
    try {
      r.code = convert(o, diff, log);
    } catch (const std::exception& e) {
      log << "prisma2sequelize: " << e.what() << " (this is a bug in prisma2sequelize)\n";
      r.code = 3;
    }
    r.log = diff.str() + log.str();
    std::ifstream report(r.out / "conversion-report.json");
    if (report && !o.check) {
      try {
        r.summary = nlohmann::json::parse(report).at("summary");
      } catch (const std::exception&) {
        r.summary = nullptr;
      }
    }
  });

  for (const Result& r : results) {
    if (r.log.empty() || (options.each.quiet && r.code == 0)) continue;
    err << "== " << fs::relative(r.history, options.root, ec).string() << "\n" << r.log;
  }
  std::vector<std::vector<std::string>> rows{
      {"history", "migrations", "native/SQL/reported", "lossy/irreversible", "warnings", "result"}};
  int worst = 0;
  for (const Result& r : results) {
    const nlohmann::json& s = r.summary;
    rows.push_back({fs::relative(r.history, options.root, ec).string(), count(s, "migrations"),
                    count(s, "native") + "/" + count(s, "sql") + "/" + count(s, "reported"),
                    count(s, "lossy_downs") + "/" + count(s, "irreversible_downs"), count(s, "warnings"),
                    result_name(r, options.each.check)});
    const auto rank = [](int code) {
      return code == 3 ? 3 : code == 1 ? 2 : code == kConvertedWithErrors ? 1 : 0;
    };
    if (rank(r.code) > rank(worst)) worst = r.code;
  }
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
    }
    out << line << "\n";
  }
  const size_t failed = static_cast<size_t>(std::count_if(
      results.begin(), results.end(), [](const Result& r) { return r.code == 1 || r.code == 3; }));
  err << "prisma2sequelize: --all: " << results.size() << " histories, " << failed << " failed\n";
  return worst;
}

}  // namespace p2s
