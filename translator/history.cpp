#include "history.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

namespace p2s {
namespace fs = std::filesystem;

static bool read_file(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  out = buf.str();
  return true;
}

static bool check_lock_file(const fs::path& dir, SourceSet& sources, Diagnostics& diags) {
  const fs::path lock = dir / "migration_lock.toml";
  std::string text;
  if (!read_file(lock, text)) {
    diags.warning({}, "no migration_lock.toml in " + dir.string() + "; assuming provider postgresql",
                  "missing-lock-file");
    return true;
  }
  const uint32_t file = sources.add(SourceFile{lock.string(), text});
  static const std::regex provider_line(R"re(^\s*provider\s*=\s*"([^"]*)")re");
  size_t offset = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line); offset += line.size() + 1) {
    std::smatch m;
    if (!std::regex_search(line, m, provider_line)) continue;
    const std::string provider = m[1].str();
    if (provider == "postgresql" || provider == "postgres") return true;
    const auto col = static_cast<uint32_t>(m.position(1));
    diags.error(
        {file, static_cast<uint32_t>(offset) + col},
        "unsupported provider \"" + provider + "\": prisma2sequelize converts PostgreSQL histories only",
        "unsupported-provider");
    return false;
  }
  diags.error({file, 0}, "migration_lock.toml has no provider line", "unsupported-provider");
  return false;
}

static std::string digit_prefix(const std::string& name) {
  size_t n = 0;
  while (n < name.size() && name[n] >= '0' && name[n] <= '9') ++n;
  return name.substr(0, n);
}

// Prisma orders folders by bytes, and '_' sorts after every digit. A short date prefix such as
// "20251011_x" therefore comes after "20251011011831_y". Padding short prefixes to 14 digits with
// '9' keeps that order once '_' becomes '-' (which sorts before the digits).
static std::string name_for(const std::string& folder) {
  std::string digits = digit_prefix(folder);
  std::string rest = folder.substr(digits.size());
  if (!rest.empty() && rest[0] == '_') rest.erase(0, 1);
  if (!digits.empty() && digits.size() < 14) digits.append(14 - digits.size(), '9');
  std::string name = digits.empty() ? rest : digits + "-" + rest;
  for (char& c : name) {
    if (c == '/' || static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  return name + ".js";
}

std::vector<std::string> output_names(const std::vector<std::string>& folders) {
  std::vector<std::string> names;
  for (const auto& f : folders) names.push_back(name_for(f));
  bool ordered = true;
  for (size_t i = 1; i < names.size(); ++i) ordered = ordered && names[i - 1] < names[i];
  if (ordered) return names;
  // The padded names would reorder or collide: fall back to an ordinal in front of every name,
  // which preserves the order by construction.
  for (size_t i = 0; i < names.size(); ++i) {
    std::string ordinal = std::to_string(i + 1);
    ordinal.insert(0, 5 - std::min<size_t>(5, ordinal.size()), '0');
    names[i] = ordinal + "-" + names[i];
  }
  return names;
}

bool load_history(const fs::path& dir, SourceSet& sources, Diagnostics& diags, History& out) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.error({}, dir.string() + ": not a directory", "no-such-directory");
    return false;
  }
  // A common slip: pointing at prisma/ instead of prisma/migrations.
  if (!fs::exists(dir / "migration_lock.toml") && fs::is_directory(dir / "migrations", ec)) {
    diags.error(
        {}, dir.string() + " holds a migrations/ folder: pass " + (dir / "migrations").string() + " instead",
        "not-a-migrations-folder");
    return false;
  }
  if (!check_lock_file(dir, sources, diags)) return false;
  std::vector<std::string> folders;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory()) {
      if (name != "migration_lock.toml") {
        diags.warning({}, (dir / name).string() + ": not a migration folder, skipped (Prisma ignores it)",
                      "skipped-entry");
      }
      continue;
    }
    if (!fs::is_regular_file(entry.path() / "migration.sql")) {
      diags.warning({}, (dir / name).string() + ": no migration.sql, skipped (Prisma ignores it)",
                    "skipped-entry");
      continue;
    }
    folders.push_back(name);
  }
  std::sort(folders.begin(), folders.end());  // std::string compares bytes, as Prisma does
  if (folders.empty())
    diags.warning({}, dir.string() + ": no migration folders (with migration.sql) found", "empty-history");
  const std::vector<std::string> names = output_names(folders);
  out.dir = dir;
  for (size_t i = 0; i < folders.size(); ++i) {
    std::string text;
    const fs::path sql = dir / folders[i] / "migration.sql";
    if (!read_file(sql, text)) {
      diags.error({}, sql.string() + ": cannot read", "io-error");
      return false;
    }
    const uint32_t file = sources.add(SourceFile{sql.string(), std::move(text)});
    out.migrations.push_back(Migration{folders[i], names[i], file});
  }
  return true;
}

}  // namespace p2s
