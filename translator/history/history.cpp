#include "history/history.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <regex>
#include <sstream>

#include "base/utf8.h"

namespace p2s {
namespace fs = std::filesystem;

// Files above this size are refused: locations are 32-bit offsets, and the parse trees of a file
// take many times its size in memory.
constexpr uintmax_t kMaxFileBytes = uintmax_t{256} << 20;

// Reads a regular file whole. Returns "" or why not (a directory, a FIFO that would block, too
// large, or the system's reason).
static std::string read_file(const fs::path& path, std::string& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::strerror(errno);
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::strerror(errno);
  if (S_ISDIR(st.st_mode)) return "is a directory, not a file";
  if (!S_ISREG(st.st_mode)) return "is not a regular file";
  if (static_cast<uintmax_t>(st.st_size) > kMaxFileBytes) {
    return "too large (" + std::to_string(st.st_size) + " bytes; the limit is " +
           std::to_string(kMaxFileBytes >> 20) + " MiB)";
  }
  out.clear();
  out.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::strerror(errno);
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > kMaxFileBytes) return "too large (grew while being read)";
  }
  return "";
}

static bool check_lock_file(const fs::path& dir, SourceSet& sources, Diagnostics& diags) {
  const fs::path lock = dir / "migration_lock.toml";
  std::string text;
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(lock, ec))) {
    diags.warning({}, "no migration_lock.toml in " + dir.string() + "; assuming provider postgresql",
                  "missing-lock-file");
    return true;
  }
  if (const std::string why = read_file(lock, text); !why.empty()) {
    diags.error({}, lock.string() + ": cannot read: " + why, "io-error");
    return false;
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

// By bytes '_' sorts after every digit, so a short date prefix such as "20251011_x" comes after
// "20251011011831_y"; by localeCompare '_' sorts before the digits, so it comes first. Padding
// short prefixes to 14 digits with '9' (bytes) or '0' (locale) keeps that order once '_' becomes
// '-' in the file name.
static std::string name_for(const std::string& folder, char pad) {
  std::string digits = digit_prefix(folder);
  std::string rest = folder.substr(digits.size());
  if (!rest.empty() && rest[0] == '_') rest.erase(0, 1);
  if (!digits.empty() && digits.size() < 14) digits.append(14 - digits.size(), pad);
  std::string name = digits.empty() ? rest : digits + "-" + rest;
  for (char& c : name) {
    if (c == '/' || static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  return name + ".js";
}

std::vector<std::string> output_names(const std::vector<std::string>& folders, MigrationOrder order) {
  const char pad = order == MigrationOrder::kLocale ? '0' : '9';
  std::vector<std::string> names;
  for (const auto& f : folders) names.push_back(name_for(f, pad));
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

// A name that is not UTF-8 cannot be read by Prisma (Node.js decodes it with replacement
// characters) nor put in the JSON report.
static bool check_name(const fs::path& path, Diagnostics& diags) {
  const std::string name = path.filename().string();
  const auto bad = find_text_error(name);
  if (!bad) return true;
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(name[bad->offset]));
  diags.error({},
              path.string() + ": the name is not valid UTF-8 (byte " + hex + " at byte " +
                  std::to_string(bad->offset + 1) + "); Prisma cannot read it either: rename it",
              "not-utf8");
  return false;
}

// The text is what PostgreSQL would receive: it must be UTF-8 (a Prisma database's encoding) and
// hold no NUL (which would silently cut it short for libpg_query).
static bool check_text(uint32_t file, const std::string& text, Diagnostics& diags) {
  const auto bad = find_text_error(text);
  if (!bad) return true;
  const auto offset = static_cast<uint32_t>(bad->offset);
  switch (bad->problem) {
    case TextProblem::kNulByte:
      diags.error({file, offset}, "NUL byte: a migration is text, and PostgreSQL refuses NUL in SQL",
                  "nul-byte");
      break;
    case TextProblem::kNotUtf8: {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(text[offset]));
      diags.error({file, offset},
                  std::string("byte ") + hex +
                      " is not valid UTF-8: Prisma reads migrations as UTF-8 (re-save the file as UTF-8)",
                  "not-utf8");
      break;
    }
  }
  return false;
}

// Sorts `folders` under `order`. With kUnspecified, refuses (false) a history the two rules order
// differently, naming the first folder pair they disagree on.
static bool order_folders(std::vector<std::string>& folders, MigrationOrder order, Diagnostics& diags) {
  if (order != MigrationOrder::kBytes) {
    for (const std::string& f : folders) {
      if (!has_approximate_collation(f)) continue;
      diags.warning(
          {},
          "folder \"" + f +
              "\" has non-ASCII characters: prisma2sequelize orders them only approximately as "
              "localeCompare does (after ASCII letters, by code point); check the order in the report",
          "order-approximate");
      break;
    }
  }
  if (order != MigrationOrder::kUnspecified) {
    sort_folders(folders, order);
    return true;
  }
  std::vector<std::string> by_locale = folders;
  sort_folders(folders, MigrationOrder::kBytes);
  sort_folders(by_locale, MigrationOrder::kLocale);
  const auto first = std::mismatch(folders.begin(), folders.end(), by_locale.begin()).first;
  if (first == folders.end()) return true;
  const std::string& bytes_first = *first;
  const std::string& locale_first = by_locale[static_cast<size_t>(first - folders.begin())];
  diags.error({},
              "the order of the migrations depends on the Prisma version that ran them: \"" + bytes_first +
                  "\" runs before \"" + locale_first +
                  "\" by bytes (Prisma 6.5 and older), after it by localeCompare (Prisma 6.6 and newer); "
                  "pass --order bytes or --order locale (the order of started_at in the database's "
                  "_prisma_migrations table tells which)",
              "ambiguous-order");
  return false;
}

bool load_history(const fs::path& dir, MigrationOrder order, SourceSet& sources, Diagnostics& diags,
                  History& out) {
  std::error_code ec;
  const fs::file_status dir_status = fs::status(dir, ec);
  if (!fs::is_directory(dir_status)) {
    const std::string why = fs::exists(dir_status) ? "not a directory"
                            : ec                   ? ec.message()
                                                   : "no such directory";
    diags.error({}, dir.string() + ": " + why, "no-such-directory");
    return false;
  }
  // A common slip: pointing at prisma/ instead of prisma/migrations.
  if (!fs::exists(dir / "migration_lock.toml", ec) && fs::is_directory(dir / "migrations", ec)) {
    diags.error(
        {}, dir.string() + " holds a migrations/ folder: pass " + (dir / "migrations").string() + " instead",
        "not-a-migrations-folder");
    return false;
  }
  if (!check_lock_file(dir, sources, diags)) return false;
  std::vector<std::string> folders;
  bool ok = true;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    diags.error({}, dir.string() + ": cannot list: " + ec.message(), "io-error");
    return false;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const fs::path path = it->path();
    const std::string name = path.filename().string();
    if (!check_name(path, diags)) {
      ok = false;
      continue;
    }
    std::error_code entry_ec;
    const fs::file_status st = fs::status(path, entry_ec);  // follows symlinks, as Prisma does
    if (entry_ec && st.type() != fs::file_type::not_found) {
      diags.error({}, path.string() + ": cannot read: " + entry_ec.message(), "io-error");
      ok = false;
      continue;
    }
    if (!fs::is_directory(st)) {
      if (name != "migration_lock.toml") {
        diags.warning({}, path.string() + ": not a migration folder, skipped (Prisma ignores it)",
                      "skipped-entry");
      }
      continue;
    }
    const fs::path sql = path / "migration.sql";
    const fs::file_status sql_status = fs::status(sql, entry_ec);
    if (sql_status.type() == fs::file_type::not_found) {
      diags.warning({}, path.string() + ": no migration.sql, skipped (Prisma ignores it)", "skipped-entry");
      continue;
    }
    if (entry_ec) {
      diags.error({}, sql.string() + ": cannot read: " + entry_ec.message(), "io-error");
      ok = false;
      continue;
    }
    folders.push_back(name);
  }
  if (ec) {
    diags.error({}, dir.string() + ": cannot list: " + ec.message(), "io-error");
    return false;
  }
  if (!order_folders(folders, order, diags)) return false;
  if (ok && folders.empty())
    diags.warning({}, dir.string() + ": no migration folders (with migration.sql) found", "empty-history");
  const std::vector<std::string> names = output_names(folders, order);
  out.dir = dir;
  for (size_t i = 0; i < folders.size(); ++i) {
    std::string text;
    const fs::path sql = dir / folders[i] / "migration.sql";
    if (const std::string why = read_file(sql, text); !why.empty()) {
      diags.error({}, sql.string() + ": cannot read: " + why, "io-error");
      ok = false;
      continue;
    }
    const uint32_t file = sources.add(SourceFile{sql.string(), std::move(text)});
    ok = check_text(file, sources.file(file).text, diags) && ok;
    out.migrations.push_back(Migration{folders[i], names[i], file});
  }
  return ok;
}

}  // namespace p2s
