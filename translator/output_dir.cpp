#include "output_dir.h"

#include <fstream>
#include <random>

namespace p2s {
namespace fs = std::filesystem;

static fs::path temp_sibling(const fs::path& out_dir) {
  std::random_device rd;
  const fs::path parent = out_dir.has_parent_path() ? out_dir.parent_path() : fs::path(".");
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path candidate =
        parent / ("." + out_dir.filename().string() + ".p2s-tmp-" + std::to_string(rd() % 1000000));
    std::error_code ec;
    if (fs::create_directory(candidate, ec)) return candidate;
  }
  return {};
}

std::string write_output(const fs::path& out_arg, const std::map<std::string, std::string>& files,
                         const std::vector<std::string>& previous) {
  const fs::path out_dir = out_arg.filename().empty() ? out_arg.parent_path() : out_arg;
  std::error_code ec;
  if (out_dir.has_parent_path() && !fs::is_directory(out_dir.parent_path())) {
    fs::create_directories(out_dir.parent_path(), ec);
    if (ec) return "cannot create " + out_dir.parent_path().string() + ": " + ec.message();
  }
  const fs::path tmp = temp_sibling(out_dir);
  if (tmp.empty()) return "cannot create a temporary folder beside " + out_dir.string();
  for (const auto& [name, content] : files) {
    std::ofstream f(tmp / name, std::ios::binary);
    f << content;
    if (!f) {
      fs::remove_all(tmp, ec);
      return "cannot write " + (tmp / name).string();
    }
  }
  if (!fs::exists(out_dir)) {
    fs::rename(tmp, out_dir, ec);
    if (ec) {
      fs::remove_all(tmp, ec);
      return "cannot move the output into " + out_dir.string();
    }
    return "";
  }
  if (!fs::is_directory(out_dir)) {
    fs::remove_all(tmp, ec);
    return out_dir.string() + " exists and is not a directory";
  }
  // Replace our own files one by one (rename is atomic per file); remove only names that the
  // previous run wrote and this one does not.
  for (const auto& [name, content] : files) {
    fs::rename(tmp / name, out_dir / name, ec);
    if (ec) return "cannot move " + name + " into " + out_dir.string() + ": " + ec.message();
  }
  for (const std::string& name : previous) {
    if (files.count(name) == 0 && name.find('/') == std::string::npos) fs::remove(out_dir / name, ec);
  }
  fs::remove_all(tmp, ec);
  return "";
}

}  // namespace p2s
